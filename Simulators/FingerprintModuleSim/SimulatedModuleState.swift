import Biometrics
import FingerprintModule

/// Everything the simulated module remembers. Pure value type: `SimulatedZFMModule` keeps it
/// behind a lock and hands it bytes.
struct SimulatedModuleState {
    /// What GenImg put in the image buffer.
    struct CapturedImage {
        let identity: String
        let quality: Int
        let pressSeed: UInt64
        /// The 8-bit 256 × 288 pixels when they come from a file or a DownImage; nil: drawn from the identity.
        var pixels: [UInt8]? = nil
    }

    /// A DownChar whose data packets are still arriving.
    struct PendingDownload {
        let buffer: Int
        var data: [UInt8] = []
        var failure: String?
    }

    /// Where finger placement comes from.
    enum PlacementSource {
        case manual(FingerPlacement?)
        case script(FingerPlacementScript, startedAt: Duration)
    }

    /// One acknowledge (plus data packets) to send.
    struct Response {
        var code: ZFMConfirmationCode
        var body: [UInt8] = []
        var data: [UInt8]?
        var detail: String = ""
    }

    var address: UInt32
    var password: UInt32
    var passwordVerified: Bool
    var librarySize: Int
    var securityLevel: Int
    var packetSizeCode: Int
    var baudMultiplier: Int
    let systemID: UInt16
    let seed: UInt64
    let uartImages: Bool
    let supportsAuraLED: Bool
    var auraLED: ZFMAuraLEDState?
    var imageDownload: PendingImageDownload?

    var library: [[UInt8]?]
    var imageBuffer: CapturedImage?
    var charBuffers: [[UInt8]?] = [nil, nil]
    var lastMatchPassed = false
    var pressCount: UInt64 = 0
    var random: SplitMix64
    var placement: PlacementSource = .manual(nil)

    var naks: [ZFMInstruction: ZFMConfirmationCode] = [:]
    var stopAnswering = false
    var corruptNextChecksum = false
    var truncateNextReply = false
    var dropNextReply = false
    var garbage: [UInt8] = []
    var flood: [UInt8] = []
    /// Where in `flood` the next unsolicited byte comes from.
    var floodPhase = 0

    var decoder = ZFMPacketDecoder(expectedAddress: nil)
    var download: PendingDownload?
    var events: [ZFMSimEvent] = []
    var newEvents: [ZFMSimEvent] = []

    init(configuration: SimulatedZFMModule.Configuration) {
        address = configuration.address
        password = configuration.password
        passwordVerified = configuration.password == 0
        librarySize = configuration.librarySize
        securityLevel = configuration.securityLevel
        packetSizeCode = configuration.packetSizeCode
        baudMultiplier = configuration.baudMultiplier
        systemID = configuration.systemID
        seed = configuration.seed
        uartImages = configuration.uartImages
        supportsAuraLED = configuration.supportsAuraLED
        library = Array(repeating: nil, count: configuration.librarySize)
        random = SplitMix64(seed: configuration.seed ^ 0xA11CE)
    }

    var packetSize: Int { ZFMSystemParameters.packetSize(code: packetSizeCode) }
    var threshold: Int { SimulatedFeatureModel.threshold(securityLevel: securityLevel) }

    var systemParameters: ZFMSystemParameters {
        var status: UInt16 = 0
        if lastMatchPassed { status |= 1 << 1 }
        if passwordVerified { status |= 1 << 2 }
        if imageBuffer != nil { status |= 1 << 3 }
        return ZFMSystemParameters(
            statusRegister: status, systemID: systemID, librarySize: librarySize, securityLevel: securityLevel,
            address: address, packetSizeCode: packetSizeCode, baudMultiplier: baudMultiplier)
    }

    func fingerOnSensor(at now: Duration) -> FingerPlacement? {
        switch placement {
        case .manual(let placement): placement
        case .script(let script, let start): script.placement(at: now - start)
        }
    }

    mutating func log(_ instruction: ZFMInstruction?, _ code: ZFMConfirmationCode?, _ detail: String) {
        let event = ZFMSimEvent(instruction: instruction, confirmation: code, detail: detail)
        events.append(event)
        if events.count > 10_000 { events.removeFirst(events.count - 10_000) }
        newEvents.append(event)
    }

    /// Forgets a half-received packet or download (a new client connected).
    mutating func resetConnection() {
        decoder.reset()
        download = nil
        imageDownload = nil
    }

    // MARK: - Bytes in, bytes out

    mutating func receive(_ bytes: [UInt8], at now: Duration) -> [UInt8] {
        decoder.feed(bytes)
        var output: [UInt8] = []
        while true {
            do {
                guard let packet = try decoder.nextPacket() else { break }
                output += handle(packet, at: now)
            } catch {
                log(nil, nil, "dropped bad packet: \(error)")
                if imageDownload != nil {
                    // A damaged image packet spoils the whole transfer; the module stays silent until the end.
                    spoilImageDownload("bad packet: \(error)")
                } else if case .badChecksum = error {
                    output += finish(nil, Response(code: .packetError, detail: "request checksum wrong"))
                }
            }
        }
        return output
    }

    private mutating func handle(_ packet: ZFMPacket, at now: Duration) -> [UInt8] {
        guard packet.address == address else {
            log(nil, nil, "ignored packet for address \(hex8(packet.address)) (module is \(hex8(address)))")
            return []
        }
        if imageDownload != nil, packet.kind != .command {
            receiveImagePacket(packet)
            return []
        }
        if let imageDownload {
            log(
                .downImage, nil,
                "aborted after \(imageDownload.data.count) bytes: a command arrived; image buffer unchanged")
            self.imageDownload = nil
        }
        if download != nil, packet.kind != .command {
            receiveDownload(packet)
            return []
        }
        if let download {
            log(.downChar, nil, "aborted after \(download.data.count) bytes: a command arrived")
            self.download = nil
        }
        guard packet.kind == .command else {
            log(nil, nil, "ignored \(packet.kind) packet outside a download")
            return []
        }
        guard let first = packet.payload.first, let instruction = ZFMInstruction(rawValue: first) else {
            return finish(
                nil,
                Response(
                    code: .packetError,
                    detail: "unknown instruction \(packet.payload.first.map { hex2($0) } ?? "(none)")"))
        }
        if stopAnswering {
            log(instruction, nil, "not answering (fault: stop answering)")
            return []
        }
        if let code = naks[instruction] {
            return finish(instruction, Response(code: code, detail: "fault: NAK"))
        }
        if !passwordVerified, instruction != .vfyPwd {
            return finish(instruction, Response(code: .passwordNotVerified, detail: "password not verified"))
        }
        let parameters = Array(packet.payload.dropFirst())
        guard let expected = Self.parameterLength[instruction] else {
            return finish(instruction, Response(code: .packetError, detail: "not simulated"))
        }
        guard parameters.count == expected else {
            return finish(
                instruction,
                Response(
                    code: .packetError, detail: "expected \(expected) parameter bytes, got \(parameters.count)"))
        }
        return finish(instruction, execute(instruction, parameters, at: now))
    }

    private mutating func receiveDownload(_ packet: ZFMPacket) {
        guard var pending = download else { return }
        if packet.kind != .data, packet.kind != .endOfData {
            pending.failure = pending.failure ?? "unexpected \(packet.kind) packet"
        }
        if packet.payload.count > packetSize {
            pending.failure =
                pending.failure
                ?? "data packet of \(packet.payload.count) bytes, expected at most \(packetSize)"
        }
        pending.data += packet.payload
        guard packet.kind == .endOfData else {
            download = pending
            return
        }
        download = nil
        if pending.failure == nil, ZFMModule.charFileSizes.contains(pending.data.count) {
            charBuffers[pending.buffer - 1] = pending.data
            log(.downChar, nil, "received \(pending.data.count) bytes into buffer \(pending.buffer)")
        } else {
            charBuffers[pending.buffer - 1] = nil
            let why = pending.failure ?? "expected 256 or 512 bytes, got \(pending.data.count)"
            log(.downChar, nil, "rejected download into buffer \(pending.buffer): \(why)")
        }
    }

    /// Logs the response, encodes it and applies one-shot reply faults.
    private mutating func finish(_ instruction: ZFMInstruction?, _ response: Response) -> [UInt8] {
        log(instruction, response.code, response.detail)
        var ack = ZFMPacket(address: address, kind: .acknowledge, payload: [response.code.rawValue] + response.body)
            .encoded()
        var packets: [UInt8] = []
        if let data = response.data {
            var offset = 0
            repeat {
                let end = min(offset + packetSize, data.count)
                let kind: ZFMPacketKind = end == data.count ? .endOfData : .data
                packets += ZFMPacket(address: address, kind: kind, payload: Array(data[offset..<end])).encoded()
                offset = end
            } while offset < data.count
        }
        if dropNextReply {
            dropNextReply = false
            log(instruction, nil, "reply dropped (fault)")
            return []
        }
        if corruptNextChecksum {
            corruptNextChecksum = false
            ack[ack.count - 1] &+= 1
            log(instruction, nil, "reply checksum corrupted (fault)")
        }
        if truncateNextReply {
            truncateNextReply = false
            ack = Array(ack.prefix(ack.count / 2))
            packets = []
            log(instruction, nil, "reply truncated to \(ack.count) bytes (fault)")
        }
        let prefix = garbage
        garbage = []
        return prefix + ack + packets
    }

    static let parameterLength: [ZFMInstruction: Int] = [
        .genImg: 0, .img2Tz: 1, .match: 0, .search: 5, .regModel: 0, .store: 3, .loadChar: 3,
        .upChar: 1, .downChar: 1, .upImage: 0, .deleteChar: 4, .empty: 0, .setSysPara: 2,
        .readSysPara: 0, .setPwd: 4, .vfyPwd: 4, .getRandomCode: 0, .setAddr: 4,
        .highSpeedSearch: 5, .templateNum: 0, .readIndexTable: 1, .downImage: 0, .auraLedConfig: 4,
    ]
}

func hex2(_ value: UInt8) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return "0x" + (text.count < 2 ? "0" + text : text)
}

func hex8(_ value: UInt32) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 8 - text.count)) + text
}
