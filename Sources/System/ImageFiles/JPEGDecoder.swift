import CTurboJPEG
import Imaging

/// A reusable JPEG (MJPEG frame) decoder owning one libjpeg-turbo handle.
/// Not Sendable: a tjhandle must not be used from two threads at once, so each camera stream owns its own decoder.
public final class JPEGDecoder {
    private let handle: tjhandle
    /// Largest width × height this decoder will allocate for; bigger headers are rejected before decoding.
    public let maximumPixelCount: Int

    /// Creates the decoder's libjpeg-turbo handle; headers declaring more than `maximumPixelCount` pixels are refused
    /// so that a corrupted size field cannot force a huge allocation.
    public init(maximumPixelCount: Int = 4096 * 4096) throws(JPEGError) {
        guard let handle = tjInitDecompress() else {
            throw JPEGError.handleUnavailable(String(cString: tjGetErrorStr2(nil)))
        }
        self.handle = handle
        self.maximumPixelCount = maximumPixelCount
    }

    deinit {
        tjDestroy(handle)
    }

    /// The image size declared in the JPEG's frame header, without decoding it.
    public func dimensions(of jpeg: UnsafeRawBufferPointer) throws(JPEGError) -> (width: Int, height: Int) {
        guard let base = jpeg.baseAddress, jpeg.count > 0 else { throw JPEGError.emptyInput }
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colorspace: Int32 = 0
        let result = tjDecompressHeader3(
            handle, base.assumingMemoryBound(to: UInt8.self), UInt(jpeg.count),
            &width, &height, &subsampling, &colorspace)
        guard result == 0 else { throw JPEGError.unreadableHeader(lastError) }
        // A tables-only stream, or one cut before its SOF marker, parses "successfully" with no frame size.
        guard width != 0, height != 0 else {
            throw JPEGError.unreadableHeader("no frame header (SOF marker) in \(jpeg.count) bytes")
        }
        let range = 1...maximumFrameDimension
        guard range.contains(Int(width)), range.contains(Int(height)), Int(width) * Int(height) <= maximumPixelCount
        else {
            throw JPEGError.unsupportedDimensions(width: Int(width), height: Int(height))
        }
        return (Int(width), Int(height))
    }

    /// Decodes `jpeg` to greyscale (TJPF_GRAY) into `output`, reusing its storage.
    @discardableResult
    public func decode(_ jpeg: UnsafeRawBufferPointer, into output: inout GrayFrame) throws(JPEGError)
        -> JPEGDecodeStatus
    {
        let (width, height) = try dimensions(of: jpeg)
        output.reshape(width: width, height: height)
        return try output.withUnsafeMutablePixels { (dst) throws(JPEGError) -> JPEGDecodeStatus in
            try decompress(jpeg, into: dst, width: width, pitch: width, height: height, format: TJPF_GRAY)
        }
    }

    /// Decodes `jpeg` to interleaved RGB (TJPF_RGB) into `output`, reusing its storage.
    @discardableResult
    public func decode(_ jpeg: UnsafeRawBufferPointer, into output: inout RGBFrame) throws(JPEGError)
        -> JPEGDecodeStatus
    {
        let (width, height) = try dimensions(of: jpeg)
        output.reshape(width: width, height: height)
        return try output.withUnsafeMutablePixels { (dst) throws(JPEGError) -> JPEGDecodeStatus in
            try decompress(jpeg, into: dst, width: width, pitch: 3 * width, height: height, format: TJPF_RGB)
        }
    }

    /// Decodes `jpeg` to a new greyscale frame.
    public func decodeGray(_ jpeg: UnsafeRawBufferPointer) throws(JPEGError) -> JPEGDecoded<GrayFrame> {
        var frame = GrayFrame()
        return switch try decode(jpeg, into: &frame) {
        case .intact: .intact(frame)
        case .damaged(let warning): .damaged(frame, warning: warning)
        }
    }

    /// Decodes `jpeg` to a new RGB frame.
    public func decodeRGB(_ jpeg: UnsafeRawBufferPointer) throws(JPEGError) -> JPEGDecoded<RGBFrame> {
        var frame = RGBFrame()
        return switch try decode(jpeg, into: &frame) {
        case .intact: .intact(frame)
        case .damaged(let warning): .damaged(frame, warning: warning)
        }
    }

    /// Decodes the bytes of `jpeg` to a new greyscale frame.
    public func decodeGray(_ jpeg: [UInt8]) throws(JPEGError) -> JPEGDecoded<GrayFrame> {
        try withRawBytes(jpeg) { (bytes) throws(JPEGError) in try decodeGray(bytes) }
    }

    /// Decodes the bytes of `jpeg` to a new RGB frame.
    public func decodeRGB(_ jpeg: [UInt8]) throws(JPEGError) -> JPEGDecoded<RGBFrame> {
        try withRawBytes(jpeg) { (bytes) throws(JPEGError) in try decodeRGB(bytes) }
    }

    private func decompress(
        _ jpeg: UnsafeRawBufferPointer, into dst: UnsafeMutableBufferPointer<UInt8>,
        width: Int, pitch: Int, height: Int, format: TJPF
    ) throws(JPEGError) -> JPEGDecodeStatus {
        let result = tjDecompress2(
            handle, jpeg.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt(jpeg.count),
            dst.baseAddress, Int32(width), Int32(pitch), Int32(height), Int32(format.rawValue), 0)
        guard result != 0 else { return .intact }
        let message = lastError
        // Without TJFLAG_STOPONWARNING a warning still decodes every scanline, so the image is usable but suspect.
        guard tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) else { throw JPEGError.fatal(message) }
        return .damaged(warning: message)
    }

    private var lastError: String { String(cString: tjGetErrorStr2(handle)) }
}

func withRawBytes<R>(
    _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(JPEGError) -> R
) throws(JPEGError) -> R {
    let result: Result<R, JPEGError> = bytes.withUnsafeBytes { raw in
        do throws(JPEGError) { return .success(try body(raw)) } catch { return .failure(error) }
    }
    return try result.get()
}
