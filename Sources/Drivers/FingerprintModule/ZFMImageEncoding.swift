import Biometrics
import Imaging

/// How a module packs UpImage pixels: 4 bits behind a UART, 8 bits on native USB.
public enum ZFMImageEncoding: String, Sendable, Hashable, CaseIterable {
    /// Two pixels a byte, high nibble first (36,864 bytes): modules behind a UART or USB-UART bridge.
    case fourBitsPerPixel
    /// One pixel a byte (73,728 bytes): native USB modules.
    case eightBitsPerPixel

    /// Bytes of one uploaded 256 × 288 image.
    public var uploadByteCount: Int {
        switch self {
        case .fourBitsPerPixel: ZFMImage.pixelCount / 2
        case .eightBitsPerPixel: ZFMImage.pixelCount
        }
    }
}

extension ZFMImage {
    /// Decodes an upload that must be in `encoding`; nil accepts either size (see `init(uploaded:)`).
    public init(uploaded bytes: [UInt8], encoding: ZFMImageEncoding?) throws(ZFMError) {
        if let encoding, bytes.count != encoding.uploadByteCount {
            throw .malformedReply(
                .upImage, field: "image data",
                expected: "\(encoding.uploadByteCount) bytes (\(encoding)), got \(bytes.count)")
        }
        try self.init(uploaded: bytes)
    }

    /// The image as a Biometrics `GrayImage` (256 × 288).
    public var grayImage: GrayImage {
        do {
            return try GrayImage(width: Self.width, height: Self.height, pixels: pixels)
        } catch {
            // Both initialisers of ZFMImage guarantee exactly width × height pixels.
            preconditionFailure("ZFMImage holds \(pixels.count) pixels: \(error)")
        }
    }
}
