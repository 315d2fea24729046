/// Driver for one ZFM module over a `ByteLink`. The actor serialises commands: a module serves
/// one instruction at a time.
public actor ZFMModule {
    /// How the driver talks to the module.
    public struct Configuration: Sendable {
        /// The module's address (default `FF FF FF FF`).
        public var address: UInt32
        /// Sent with VfyPwd when the module answers 0x21 (password must be verified first).
        public var password: UInt32?
        /// Longest silence allowed while waiting for an acknowledge packet.
        public var commandTimeout: Duration
        /// Longest silence allowed between the data packets of an upload.
        public var dataTimeout: Duration
        /// How the link carries UpImage pixels (4 bits over a UART, 8 over native USB); nil accepts either.
        public var imageEncoding: ZFMImageEncoding?

        /// Defaults: factory address, no password, 2 s timeouts, image encoding taken from the upload size.
        public init(
            address: UInt32 = ZFMPacket.defaultAddress, password: UInt32? = nil,
            commandTimeout: Duration = .seconds(2), dataTimeout: Duration = .seconds(2),
            imageEncoding: ZFMImageEncoding? = nil
        ) {
            self.address = address
            self.password = password
            self.commandTimeout = commandTimeout
            self.dataTimeout = dataTimeout
            self.imageEncoding = imageEncoding
        }
    }

    /// Largest upload accepted (an 8-bit image).
    static let maxUploadBytes = ZFMImage.pixelCount
    /// Most stale data packets skipped before an acknowledge: one 8-bit image in 32-byte packets.
    static let maxStalePackets = ZFMImage.pixelCount / 32

    let link: any ByteLink
    let configuration: Configuration
    /// The address commands are sent to (changes after `setAddress`).
    public internal(set) var address: UInt32
    var decoder: ZFMPacketDecoder
    /// Data packet payload size, learned from ReadSysPara.
    var packetSize: Int?
    /// The command lock (see `exclusively`); waiters are resumed in arrival order.
    var lockHeld = false
    var lockWaiters: [CheckedContinuation<Void, Never>] = []

    /// A driver talking over `link`; sends nothing until the first command.
    public init(link: any ByteLink, configuration: Configuration = Configuration()) {
        self.link = link
        self.configuration = configuration
        self.address = configuration.address
        self.decoder = ZFMPacketDecoder(expectedAddress: configuration.address)
    }

    /// Closes the link.
    public func close() async {
        await link.close()
    }

    // MARK: - Transport

    /// The acknowledge packet's confirmation code and the bytes after it.
    struct Acknowledge {
        let code: ZFMConfirmationCode
        let body: [UInt8]
    }

    /// Runs one attempt of `instruction`, retrying once on a transient error when the instruction
    /// is idempotent, and verifying the configured password once when the module asks for it.
    func run<T>(
        _ instruction: ZFMInstruction, _ attempt: () async throws(ZFMError) -> T
    ) async throws(ZFMError) -> T {
        try await exclusive { () async throws(ZFMError) -> T in try await runUnlocked(instruction, attempt) }
    }

    private func runUnlocked<T>(
        _ instruction: ZFMInstruction, _ attempt: () async throws(ZFMError) -> T
    ) async throws(ZFMError) -> T {
        var retried = false
        var verified = false
        while true {
            do {
                return try await attempt()
            } catch {
                if error.isTransient, instruction.isIdempotent, !retried {
                    retried = true
                    continue
                }
                if case .rejected(_, .passwordNotVerified) = error, instruction != .vfyPwd,
                    let password = configuration.password, !verified
                {
                    verified = true
                    try await verifyPassword(password)
                    continue
                }
                throw error
            }
        }
    }

    /// Sends a command and returns its acknowledge, throwing `.rejected` for codes not in `accepted`.
    func exchange(
        _ instruction: ZFMInstruction, _ parameters: [UInt8] = [],
        accepting accepted: Set<ZFMConfirmationCode> = [.ok], replyAddress: UInt32? = nil
    ) async throws(ZFMError) -> Acknowledge {
        await discardStaleInput()
        decoder.expectedAddress = replyAddress ?? address
        try await send(ZFMPacket(address: address, kind: .command, payload: [instruction.rawValue] + parameters))
        var packet = try await readPacket(for: instruction, timeout: configuration.commandTimeout)
        // Data packets still arriving from an upload whose acknowledge was lost are stale here.
        var skipped = 0
        while packet.kind == .data || packet.kind == .endOfData {
            skipped += 1
            guard skipped <= Self.maxStalePackets else {
                throw .unexpectedPacket(instruction, expected: "an acknowledge (07)", received: packet.kind)
            }
            packet = try await readPacket(for: instruction, timeout: configuration.commandTimeout)
        }
        guard packet.kind == .acknowledge else {
            throw .unexpectedPacket(instruction, expected: "an acknowledge (07)", received: packet.kind)
        }
        guard let first = packet.payload.first else {
            throw .malformedReply(instruction, field: "confirmation code", expected: "1 byte, got none")
        }
        let code = ZFMConfirmationCode(first)
        guard accepted.contains(code) else { throw .rejected(instruction, code) }
        return Acknowledge(code: code, body: Array(packet.payload.dropFirst()))
    }

    /// Like `exchange`, and checks the reply body length.
    func exchange(
        _ instruction: ZFMInstruction, _ parameters: [UInt8] = [],
        accepting accepted: Set<ZFMConfirmationCode> = [.ok], bodyLength: Int, field: String
    ) async throws(ZFMError) -> Acknowledge {
        let ack = try await exchange(instruction, parameters, accepting: accepted)
        guard ack.body.count == bodyLength else {
            throw .malformedReply(instruction, field: field, expected: "\(bodyLength) bytes, got \(ack.body.count)")
        }
        return ack
    }

    func send(_ packet: ZFMPacket) async throws(ZFMError) {
        do {
            try await link.write(packet.encoded())
        } catch {
            throw Self.linkError(error)
        }
    }

    /// The next packet, reading from the link as needed.
    func readPacket(for instruction: ZFMInstruction, timeout: Duration) async throws(ZFMError) -> ZFMPacket {
        while true {
            if let packet = try decoder.nextPacket() { return packet }
            let bytes: [UInt8]
            do {
                bytes = try await link.read(timeout: timeout)
            } catch ByteLinkError.timeout {
                let pending = decoder.pendingByteCount
                guard pending > 0 else { throw .timeout(instruction, after: timeout) }
                throw .truncated(
                    expectedBytes: decoder.expectedLengthOfPendingPacket ?? ZFMPacket.prefixLength + 3,
                    receivedBytes: pending)
            } catch {
                throw Self.linkError(error)
            }
            decoder.feed(bytes)
        }
    }

    /// Data packets up to and including the end packet, concatenated.
    func receiveData(for instruction: ZFMInstruction) async throws(ZFMError) -> [UInt8] {
        var data: [UInt8] = []
        while true {
            let packet = try await readPacket(for: instruction, timeout: configuration.dataTimeout)
            switch packet.kind {
            case .data:
                data += packet.payload
            case .endOfData:
                return data + packet.payload
            default:
                throw .unexpectedPacket(instruction, expected: "a data (02) or end-of-data (08)", received: packet.kind)
            }
            if data.count > Self.maxUploadBytes {
                throw .malformedReply(instruction, field: "data", expected: "at most \(Self.maxUploadBytes) bytes")
            }
        }
    }

    /// Drops bytes left over from an earlier, failed exchange so they cannot answer this one.
    private func discardStaleInput() async {
        decoder.reset()
        while let bytes = try? await link.read(timeout: .zero), !bytes.isEmpty {}
    }

    static func linkError(_ error: any Error) -> ZFMError {
        if let error = error as? ByteLinkError { return .linkFailure(error.description) }
        return .linkFailure(String(describing: error))
    }
}
