import CTurboJPEG
import Imaging

/// A reusable JPEG encoder owning one libjpeg-turbo handle (used by the camera simulator to make MJPEG frames).
/// Not Sendable: a tjhandle must not be used from two threads at once.
public final class JPEGEncoder {
    /// Chroma subsampling of colour output.
    public enum Subsampling: Sendable {
        /// Full-resolution chroma.
        case none444
        /// Half horizontal chroma, as most MJPEG webcams send.
        case horizontal422
        /// Half horizontal and vertical chroma.
        case both420

        var turboValue: Int32 {
            switch self {
            case .none444: Int32(TJSAMP_444.rawValue)
            case .horizontal422: Int32(TJSAMP_422.rawValue)
            case .both420: Int32(TJSAMP_420.rawValue)
            }
        }
    }

    private let handle: tjhandle

    /// Creates the encoder's libjpeg-turbo handle.
    public init() throws(JPEGError) {
        guard let handle = tjInitCompress() else {
            throw JPEGError.handleUnavailable(String(cString: tjGetErrorStr2(nil)))
        }
        self.handle = handle
    }

    deinit {
        tjDestroy(handle)
    }

    /// Encodes a greyscale frame as a single-component JPEG at `quality` (1...100).
    public func encode(_ frame: GrayFrame, quality: Int) throws(JPEGError) -> [UInt8] {
        try compress(
            frame.pixels, width: frame.width, pitch: frame.stride, height: frame.height,
            format: TJPF_GRAY, subsampling: Int32(TJSAMP_GRAY.rawValue), quality: quality)
    }

    /// Encodes an RGB frame at `quality` (1...100) with the given chroma subsampling.
    public func encode(_ frame: RGBFrame, quality: Int, subsampling: Subsampling = .horizontal422) throws(JPEGError)
        -> [UInt8]
    {
        try compress(
            frame.pixels, width: frame.width, pitch: frame.stride, height: frame.height,
            format: TJPF_RGB, subsampling: subsampling.turboValue, quality: quality)
    }

    private func compress(
        _ pixels: [UInt8], width: Int, pitch: Int, height: Int, format: TJPF, subsampling: Int32, quality: Int
    ) throws(JPEGError) -> [UInt8] {
        guard (1...100).contains(quality) else { throw JPEGError.invalidQuality(quality) }
        guard width > 0, height > 0 else { throw JPEGError.encodeFailed("frame is empty (0×0)") }
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        defer { if let output { tjFree(output) } }
        let result = pixels.withUnsafeBufferPointer { src in
            tjCompress2(
                handle, src.baseAddress, Int32(width), Int32(pitch), Int32(height), Int32(format.rawValue),
                &output, &size, subsampling, Int32(quality), 0)
        }
        guard result == 0, let output else {
            throw JPEGError.encodeFailed(String(cString: tjGetErrorStr2(handle)))
        }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }
}
