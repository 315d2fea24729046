import Biometrics
import FingerprintModule

/// A DownImage whose data packets are still arriving.
struct PendingImageDownload {
    var data: [UInt8] = []
    var failure: String?
}

extension SimulatedModuleState {
    /// Bytes of one downloaded image: 4 bits/pixel behind a UART, 8 on native USB.
    var imageDownloadByteCount: Int {
        uartImages ? ZFMImage.pixelCount / 2 : ZFMImage.pixelCount
    }

    mutating func downImage() -> Response {
        imageDownload = PendingImageDownload()
        let bits = uartImages ? 4 : 8
        return Response(code: .ok, detail: "ready to receive a \(bits)-bit image (\(imageDownloadByteCount) bytes)")
    }

    /// Collects one data packet; on the end packet, replaces the image buffer only when every
    /// packet was a full data packet, the end packet fitted, and the total is exactly one image.
    mutating func receiveImagePacket(_ packet: ZFMPacket) {
        guard var pending = imageDownload else { return }
        switch packet.kind {
        case .data where packet.payload.count != packetSize:
            pending.failure =
                pending.failure
                ?? "data packet of \(packet.payload.count) bytes, expected \(packetSize)"
        case .endOfData where packet.payload.count > packetSize:
            pending.failure =
                pending.failure
                ?? "end packet of \(packet.payload.count) bytes, expected at most \(packetSize)"
        case .data, .endOfData:
            break
        case .command, .acknowledge:
            pending.failure = pending.failure ?? "unexpected \(packet.kind) packet"
        }
        pending.data += packet.payload
        if pending.data.count > imageDownloadByteCount {
            pending.failure =
                pending.failure
                ?? "more than \(imageDownloadByteCount) bytes"
        }
        guard packet.kind == .endOfData else {
            imageDownload = pending
            return
        }
        imageDownload = nil
        if pending.failure == nil, pending.data.count != imageDownloadByteCount {
            pending.failure = "expected \(imageDownloadByteCount) bytes, got \(pending.data.count)"
        }
        if let failure = pending.failure {
            log(.downImage, nil, "rejected image: \(failure); image buffer unchanged")
            return
        }
        let pixels = uartImages ? Self.widenNibbles(pending.data) : pending.data
        let hash = stableHash(bytes: pixels)
        let identity = "downloaded-" + String(hash, radix: 16)
        let quality = FingerprintImageFile.contrastQuality(pixels)
        imageBuffer = CapturedImage(identity: identity, quality: quality, pressSeed: hash, pixels: pixels)
        log(.downImage, nil, "received image \(identity) (quality \(quality))")
    }

    /// Marks the running image download failed (the first reason wins).
    mutating func spoilImageDownload(_ why: String) {
        guard var pending = imageDownload else { return }
        pending.failure = pending.failure ?? why
        imageDownload = pending
    }

    /// 4-bit pixels (high nibble first) widened to 8 bits the way UpImage's decoder does.
    static func widenNibbles(_ packed: [UInt8]) -> [UInt8] {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(packed.count * 2)
        for byte in packed {
            pixels.append((byte >> 4) * 17)
            pixels.append((byte & 0x0F) * 17)
        }
        return pixels
    }

    mutating func auraLedConfig(_ p: [UInt8]) -> Response {
        guard supportsAuraLED else {
            return Response(code: .packetError, detail: "AuraLedConfig not supported (no ring LED)")
        }
        guard let control = ZFMAuraLEDControl(rawValue: p[0]) else {
            return Response(code: .badRegister, detail: "control \(p[0]): expected 1-6")
        }
        guard let colour = ZFMAuraLEDColour(rawValue: p[2]) else {
            return Response(code: .badRegister, detail: "colour \(p[2]): expected 1-7")
        }
        let led = ZFMAuraLEDState(control: control, speed: p[1], colour: colour, count: p[3])
        auraLED = led
        return Response(code: .ok, detail: "ring LED \(led)")
    }
}

/// The ring LED of an R503-family module as AuraLedConfig set it.
public struct ZFMAuraLEDState: Sendable, Hashable, CustomStringConvertible {
    /// Breathing, flashing, on, off, …
    public let control: ZFMAuraLEDControl
    /// 0-255; lower is faster.
    public let speed: UInt8
    /// The LED colour.
    public let colour: ZFMAuraLEDColour
    /// Cycles for breathing/flashing; 0 = endless.
    public let count: UInt8

    /// An LED state.
    public init(control: ZFMAuraLEDControl, speed: UInt8, colour: ZFMAuraLEDColour, count: UInt8) {
        self.control = control
        self.speed = speed
        self.colour = colour
        self.count = count
    }

    public var description: String { "\(control) \(colour), speed \(speed), count \(count)" }
}

/// FNV-1a of bytes, finished with one SplitMix64 step; stable across runs and platforms.
func stableHash(bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01B3
    }
    var generator = SplitMix64(seed: hash)
    return generator.next()
}
