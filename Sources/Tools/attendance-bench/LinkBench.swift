import FingerprintModule
import FingerprintModuleSim
import Foundation

/// Command round trip and image upload over one byte link to the simulated module, next to what
/// the link's line rate allows for the same bytes.
struct LinkBench {
    /// A link under test: how to describe it and what its wire can carry.
    struct Wire: Codable {
        let link: String
        /// Payload bytes per second the wire can carry at best (nil: no line rate, e.g. a socket).
        let bytesPerSecond: Double?
        let rateBasis: String
    }

    struct Result: Codable {
        let wire: Wire
        let commandBytes: Int
        let commandRoundTripMs: Summary
        let commandWireMs: Double?
        /// Median measured ÷ wire time; below 1 means the host side is faster than the wire needs.
        let commandRatio: Double?
        let imageEncoding: String
        let imageBytes: Int
        let imageUploadMs: Summary
        let imageWireMs: Double?
        let imageRatio: Double?
    }

    let commands: Int
    let images: Int

    /// TemplateNum: a 12-byte command and a 14-byte acknowledge.
    static let commandBytes = 12 + 14
    static let packetOverhead = 11
    /// The simulated finger on the sensor during the image uploads.
    static let finger = "bench-link-finger"

    /// `module`: the in-process simulator, on which a finger is placed for the image uploads; nil when
    /// the module runs elsewhere with a finger already on it (the tier-3 gadget's `--finger`).
    func run(
        wire: Wire, link: any ByteLink, module: SimulatedZFMModule?, encoding: ZFMImageEncoding
    ) async throws -> Result {
        let driver = ZFMModule(link: link, configuration: .init(imageEncoding: encoding))
        let packetSize = try await driver.readSysPara().packetSize
        var roundTrips: [Duration] = []
        for _ in 0..<commands {
            let start = ContinuousClock.now
            _ = try await driver.templateCount()
            roundTrips.append(start.duration(to: .now))
        }
        module?.place(SimulatedFinger(Self.finger))
        guard try await driver.genImg() else { throw BenchError("the simulated finger was not seen") }
        var uploads: [Duration] = []
        for _ in 0..<images {
            let start = ContinuousClock.now
            _ = try await driver.upImage()
            uploads.append(start.duration(to: .now))
        }
        module?.lift()
        let payload = encoding.uploadByteCount
        let packets = (payload + packetSize - 1) / packetSize
        let imageBytes = 12 + 12 + payload + packets * Self.packetOverhead
        let commandSummary = Summary(roundTrips)
        let imageSummary = Summary(uploads)
        let commandWire = wire.bytesPerSecond.map { Double(Self.commandBytes) / $0 * 1000 }
        let imageWire = wire.bytesPerSecond.map { Double(imageBytes) / $0 * 1000 }
        return Result(
            wire: wire, commandBytes: Self.commandBytes, commandRoundTripMs: commandSummary, commandWireMs: commandWire,
            commandRatio: commandWire.map { commandSummary.median / $0 },
            imageEncoding: encoding.rawValue, imageBytes: imageBytes, imageUploadMs: imageSummary,
            imageWireMs: imageWire,
            imageRatio: imageWire.map { imageSummary.median / $0 })
    }
}

extension LinkBench.Wire {
    /// 8N1: ten bits on the line per byte.
    static func uart(_ link: String, baud: Int) -> Self {
        .init(link: link, bytesPerSecond: Double(baud) / 10, rateBasis: "UART \(baud) baud 8N1, 10 bits a byte")
    }

    /// USB 2.0 bulk ceiling: 19 × 64-byte packets a 1 ms frame at full speed, 13 × 512 a 125 µs microframe at high speed.
    static let usbFullSpeed = Self(
        link: "USB native 1209:0001 full speed", bytesPerSecond: 19 * 64 * 1000,
        rateBasis: "USB 2.0 full-speed bulk ceiling, 19 × 64 B per 1 ms frame")
    static let usbHighSpeed = Self(
        link: "USB native 1209:0001 high speed", bytesPerSecond: 13 * 512 * 8000,
        rateBasis: "USB 2.0 high-speed bulk ceiling, 13 × 512 B per 125 µs microframe")
}
