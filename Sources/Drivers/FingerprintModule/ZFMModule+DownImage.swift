import Biometrics
import Imaging

extension ZFMImageEncoding {
    /// The bytes a DownImage sends for 8-bit `pixels`: unchanged at 8 bits/pixel; at 4 bits/pixel
    /// each pixel keeps its high nibble, two pixels a byte, the first in the high nibble.
    public func packForDownload(_ pixels: [UInt8]) -> [UInt8] {
        switch self {
        case .eightBitsPerPixel:
            return pixels
        case .fourBitsPerPixel:
            var packed: [UInt8] = []
            packed.reserveCapacity((pixels.count + 1) / 2)
            var index = 0
            while index < pixels.count {
                let second = index + 1 < pixels.count ? pixels[index + 1] : 0
                packed.append((pixels[index] & 0xF0) | (second >> 4))
                index += 2
            }
            return packed
        }
    }
}

extension ZFMModule {
    /// DownImage: replaces the module's image buffer with `image`, sent as data packets of the
    /// module's packet size in `encoding` (nil: `Configuration.imageEncoding`).
    ///
    /// Never retried by the driver: a transfer that fails part-way leaves the module's buffer in an
    /// unknown state (a real module may have taken some packets), so the caller decides whether to
    /// send the whole image again.
    public func downImage(_ image: ZFMImage, encoding: ZFMImageEncoding? = nil) async throws(ZFMError) {
        guard let encoding = encoding ?? configuration.imageEncoding else {
            throw .invalidArgument(
                field: "encoding",
                expected: "an image encoding (argument or Configuration.imageEncoding), got none")
        }
        let data = encoding.packForDownload(image.pixels)
        try await exclusive { () async throws(ZFMError) in
            let size: Int
            if let packetSize {
                size = packetSize
            } else {
                size = try await readSysPara().packetSize
            }
            try await run(.downImage) { () async throws(ZFMError) in
                _ = try await exchange(.downImage)
                try await sendData(data, packetSize: size)
            }
        }
    }

    /// DownImage of a Biometrics image, which must be 256 × 288.
    public func downImage(_ image: GrayImage, encoding: ZFMImageEncoding? = nil) async throws(ZFMError) {
        guard image.width == ZFMImage.width, image.height == ZFMImage.height else {
            throw .invalidArgument(
                field: "image",
                expected: "\(ZFMImage.width)×\(ZFMImage.height) pixels, got \(image.width)×\(image.height)")
        }
        try await downImage(try ZFMImage(pixels: image.pixels), encoding: encoding)
    }

    /// Sends `data` as data packets (PID 02) of `packetSize` bytes, the last one as end of data (PID 08).
    func sendData(_ data: [UInt8], packetSize: Int) async throws(ZFMError) {
        var offset = 0
        repeat {
            let end = min(offset + packetSize, data.count)
            let kind: ZFMPacketKind = end == data.count ? .endOfData : .data
            try await send(ZFMPacket(address: address, kind: kind, payload: Array(data[offset..<end])))
            offset = end
        } while offset < data.count
    }
}
