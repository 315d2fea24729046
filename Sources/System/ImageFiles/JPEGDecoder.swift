import CTurboJPEG
import Imaging

/// A reusable JPEG (MJPEG frame) decoder owning one libjpeg-turbo handle, within an `ImageLimits` budget: input
/// size, declared size (checked before anything is allocated) and scans (counted before decoding, and libjpeg-turbo's
/// own scan limit always on).
/// Not Sendable: a tjhandle must not be used from two threads at once, so each camera stream owns its own decoder.
public final class JPEGDecoder {
    private let handle: tjhandle
    /// The budget every decode is checked against (`maxFileBytes`, `maxSide`, `maxPixels`, `maxDecodedBytes`,
    /// `maxJPEGScans`; the formats are not consulted).
    public let limits: ImageLimits
    /// Whether scans are counted before decoding (tests turn it off to reach libjpeg-turbo's own limit).
    var countsScans = true
    /// Largest width × height this decoder will allocate for; bigger headers are rejected before decoding.
    public var maximumPixelCount: Int { limits.maxPixels }

    /// libjpeg-turbo 2.1's scan limit under `TJFLAG_LIMITSCANS`, fixed in the library (TurboJPEG 3 made it a
    /// parameter): a stream with more scans fails with "Progressive JPEG image has more than 500 scans".
    public static let libjpegTurboScanLimit = 500

    /// Creates the decoder's libjpeg-turbo handle; headers declaring more than `limits` allow are refused so that a
    /// corrupted size field cannot force a huge allocation, and streams with too many scans before they are decoded.
    public init(limits: ImageLimits = .cameraFrame) throws(JPEGError) {
        guard let handle = tjInitDecompress() else {
            throw JPEGError.handleUnavailable(String(cString: tjGetErrorStr2(nil)))
        }
        self.handle = handle
        self.limits = limits
    }

    /// A decoder with `ImageLimits.cameraFrame`'s budget but at most `maximumPixelCount` pixels (and room for them
    /// as RGB).
    public convenience init(maximumPixelCount: Int) throws(JPEGError) {
        var limits = ImageLimits.cameraFrame
        limits.maxPixels = maximumPixelCount
        limits.maxDecodedBytes = saturatingProduct(3, max(maximumPixelCount, 0))
        try self.init(limits: limits)
    }

    deinit {
        tjDestroy(handle)
    }

    /// The image size declared in the JPEG's frame header, without decoding it.
    public func dimensions(of jpeg: UnsafeRawBufferPointer) throws(JPEGError) -> (width: Int, height: Int) {
        let header = try header(of: jpeg)
        return (header.width, header.height)
    }

    private func header(of jpeg: UnsafeRawBufferPointer) throws(JPEGError) -> (
        width: Int, height: Int, subsampling: Int32
    ) {
        guard let base = jpeg.baseAddress, jpeg.count > 0 else { throw JPEGError.emptyInput }
        guard jpeg.count <= limits.maxFileBytes else {
            throw JPEGError.inputTooLarge(bytes: jpeg.count, limit: limits.maxFileBytes)
        }
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
        // TurboJPEG reports the 16-bit SOF fields, so neither the conversion nor the product can overflow.
        let range = 1...min(maximumFrameDimension, limits.maxSide)
        guard range.contains(Int(width)), range.contains(Int(height)), Int(width) * Int(height) <= limits.maxPixels
        else {
            throw JPEGError.unsupportedDimensions(width: Int(width), height: Int(height))
        }
        return (Int(width), Int(height), subsampling)
    }

    /// The declared size, after checking that the output at `channels` bytes a pixel, plus the coefficients
    /// libjpeg-turbo holds for a progressive frame, fit `limits.maxDecodedBytes`, and that the stream's scans fit
    /// `limits.maxJPEGScans`.
    private func admit(_ jpeg: UnsafeRawBufferPointer, channels: Int) throws(JPEGError) -> (width: Int, height: Int) {
        let (width, height, subsampling) = try header(of: jpeg)
        let coefficients = JPEGScans.isProgressive(jpeg) ? Self.coefficientBytes(width, height, subsampling) : 0
        guard width * height * channels + coefficients <= limits.maxDecodedBytes else {
            throw JPEGError.unsupportedDimensions(width: width, height: height)
        }
        if countsScans {
            let budget = min(limits.maxJPEGScans, Self.libjpegTurboScanLimit)
            let scans = JPEGScans.count(jpeg)
            guard scans <= budget else { throw JPEGError.tooManyScans(limit: budget, found: scans) }
        }
        return (width, height)
    }

    /// What a progressive frame's coefficient arrays take: 2 bytes a coefficient, one a sample of each component at
    /// its subsampled size, over the frame padded to whole 16 × 16 MCUs (4 components when TurboJPEG cannot say).
    static func coefficientBytes(_ width: Int, _ height: Int, _ subsampling: Int32) -> Int {
        let padded = (width + 15) / 16 * 16 * ((height + 15) / 16 * 16)
        let quarters: Int =
            switch subsampling {
            case Int32(TJSAMP_GRAY.rawValue): 4
            case Int32(TJSAMP_444.rawValue): 12
            case Int32(TJSAMP_422.rawValue), Int32(TJSAMP_440.rawValue): 8
            case Int32(TJSAMP_420.rawValue), Int32(TJSAMP_411.rawValue): 6
            default: 16
            }
        return padded * 2 * quarters / 4
    }

    /// Decodes `jpeg` to greyscale (TJPF_GRAY) into `output`, reusing its storage.
    @discardableResult
    public func decode(_ jpeg: UnsafeRawBufferPointer, into output: inout GrayFrame) throws(JPEGError)
        -> JPEGDecodeStatus
    {
        let (width, height) = try admit(jpeg, channels: 1)
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
        let (width, height) = try admit(jpeg, channels: 3)
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
            dst.baseAddress, Int32(width), Int32(pitch), Int32(height), Int32(format.rawValue), TJFLAG_LIMITSCANS)
        guard result != 0 else { return .intact }
        let message = lastError
        // The library's own limit: reached only by a stream whose scans the count above missed.
        if message.contains("more than \(Self.libjpegTurboScanLimit) scans") {
            throw JPEGError.tooManyScans(limit: Self.libjpegTurboScanLimit, found: nil)
        }
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
