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
        /// Limits on what the module sends (noise, uploads, stale input).
        public var budget: ZFMBudget

        /// Defaults: factory address, no password, 2 s timeouts, image encoding taken from the upload size,
        /// the default budget.
        public init(
            address: UInt32 = ZFMPacket.defaultAddress, password: UInt32? = nil,
            commandTimeout: Duration = .seconds(2), dataTimeout: Duration = .seconds(2),
            imageEncoding: ZFMImageEncoding? = nil, budget: ZFMBudget = .default
        ) {
            self.address = address
            self.password = password
            self.commandTimeout = commandTimeout
            self.dataTimeout = dataTimeout
            self.imageEncoding = imageEncoding
            self.budget = budget
        }
    }

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
        self.decoder = ZFMPacketDecoder(
            expectedAddress: configuration.address, maxResyncBytes: configuration.budget.maxResyncBytes)
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
        var firstFailure: ZFMError?
        var verified = false
        while true {
            do {
                return try await attempt()
            } catch {
                if error.isTransient, instruction.isIdempotent, firstFailure == nil {
                    firstFailure = error
                    continue
                }
                // A repeat that only timed out says less than what made the first attempt fail.
                if case .timeout = error, let firstFailure { throw firstFailure }
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
        try await discardStaleInput(before: instruction)
        decoder.expectedAddress = replyAddress ?? address
        try await send(ZFMPacket(address: address, kind: .command, payload: [instruction.rawValue] + parameters))
        var packet = try await readPacket(for: instruction, timeout: configuration.commandTimeout)
        // Data packets still arriving from an upload whose acknowledge was lost are stale here.
        let budget = configuration.budget
        var skipped = 0
        var skippedBytes = 0
        while packet.kind == .data || packet.kind == .endOfData {
            skipped += 1
            skippedBytes += packet.payload.count  // at most maxDataPackets × 256: no overflow
            guard skipped <= budget.maxDataPackets else {
                throw .transferBudgetExceeded(
                    instruction, packets: skipped, bytes: skippedBytes, maxPackets: budget.maxDataPackets,
                    maxBytes: budget.maxTransferBytes)
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
            } catch ByteLinkError.overflow(let limit, let discarded) {
                // The bytes before the gap cannot be joined to those after it.
                decoder.reset()
                throw .inputOverflow(instruction, limit: limit, discardedBytes: discarded)
            } catch {
                throw Self.linkError(error)
            }
            decoder.feed(bytes)
        }
    }

    /// Data packets up to and including the end packet, concatenated; at most `ZFMBudget.maxDataPackets`
    /// packets and `maxTransferBytes` bytes. `received` gets the byte count after each packet.
    func receiveData(
        for instruction: ZFMInstruction, received: ((Int) -> Void)? = nil
    ) async throws(ZFMError) -> [UInt8] {
        let budget = configuration.budget
        var data: [UInt8] = []
        var packets = 0
        while true {
            let packet = try await readPacket(for: instruction, timeout: configuration.dataTimeout)
            guard packet.kind == .data || packet.kind == .endOfData else {
                throw .unexpectedPacket(instruction, expected: "a data (02) or end-of-data (08)", received: packet.kind)
            }
            packets += 1
            // `data` never exceeds the budget, so the subtraction cannot go below zero.
            guard packets <= budget.maxDataPackets, packet.payload.count <= budget.maxTransferBytes - data.count else {
                throw .transferBudgetExceeded(
                    instruction, packets: packets, bytes: data.count + packet.payload.count,
                    maxPackets: budget.maxDataPackets, maxBytes: budget.maxTransferBytes)
            }
            data += packet.payload
            received?(data.count)
            if packet.kind == .endOfData { return data }
        }
    }

    /// Drops bytes left over from an earlier, failed exchange so they cannot answer this one. A link that
    /// keeps delivering past `ZFMBudget.maxDrainReads` reads or `maxDrainBytes` bytes fails the command with
    /// `.inputFlood` before it is sent; an overflow report is stale input too (its bytes are already gone).
    private func discardStaleInput(before instruction: ZFMInstruction) async throws(ZFMError) {
        decoder.reset()
        let budget = configuration.budget
        var reads = 0
        var discarded = 0
        while true {
            do {
                let bytes = try await link.read(timeout: .zero)
                guard !bytes.isEmpty else { return }
                let (total, overflowed) = discarded.addingReportingOverflow(bytes.count)
                discarded = overflowed ? Int.max : total
            } catch ByteLinkError.overflow {
                // Counted as a read only: the bytes it reports were dropped by the link, not read here.
            } catch {
                // Timeout (nothing waiting) or a closed link: the command's own read reports the latter.
                return
            }
            reads += 1
            guard reads < budget.maxDrainReads, discarded < budget.maxDrainBytes else {
                throw .inputFlood(
                    instruction, reads: reads, discardedBytes: discarded, maxReads: budget.maxDrainReads,
                    maxBytes: budget.maxDrainBytes)
            }
        }
    }

    static func linkError(_ error: any Error) -> ZFMError {
        if let error = error as? ByteLinkError { return .linkFailure(error.description) }
        return .linkFailure(String(describing: error))
    }
}
