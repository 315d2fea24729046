/// Encodes grey frames as JPEG for the MJPEG format (the simulator has no codec of its own).
public protocol CameraJPEGEncoder: Sendable {
    /// A complete JPEG (SOI … EOI) of `image`.
    func encodeJPEG(_ image: CameraImage) -> [UInt8]
}

/// What the simulated camera offers: identity, formats, sizes, rates and buffer limits.
public struct CameraConfiguration: Sendable {
    /// QUERYCAP's card name and the sysfs `name` attribute.
    public var name: String
    /// QUERYCAP's bus_info.
    public var busInfo: String
    /// Formats in ENUM_FMT order; the first is the default.
    public var formats: [CameraPixelFormat]
    /// Discrete frame sizes offered for every format; the first is the default.
    public var frameSizes: [CameraFrameSize]
    /// Frame rates (frames per second) offered for every size; the first is the default.
    public var frameRates: [Int]
    /// REQBUFS adjusts the requested count into this range.
    public var bufferCount: ClosedRange<Int>
    /// Encoder for `.mjpeg`; required when `formats` lists `.mjpeg`.
    public var jpegEncoder: (any CameraJPEGEncoder)?

    /// A camera offering `formats` at `frameSizes` and `frameRates`.
    public init(
        name: String = "CameraSim IR Camera", busInfo: String = "usb-0000:00:14.0-1",
        formats: [CameraPixelFormat] = [.grey, .yuyv],
        frameSizes: [CameraFrameSize] = [
            CameraFrameSize(width: 640, height: 480), CameraFrameSize(width: 320, height: 240),
            CameraFrameSize(width: 1280, height: 720),
        ],
        frameRates: [Int] = [30, 15, 5], bufferCount: ClosedRange<Int> = 2...8,
        jpegEncoder: (any CameraJPEGEncoder)? = nil
    ) {
        self.name = name
        self.busInfo = busInfo
        self.formats = formats
        self.frameSizes = frameSizes
        self.frameRates = frameRates
        self.bufferCount = bufferCount
        self.jpegEncoder = jpegEncoder
    }

    /// Throws naming the first field that cannot work.
    func validate() throws(CameraSimError) {
        guard !formats.isEmpty else { throw .invalidConfiguration(field: "formats", expected: "non-empty") }
        guard Set(formats).count == formats.count else {
            throw .invalidConfiguration(field: "formats", expected: "free of duplicates")
        }
        if formats.contains(.mjpeg) && jpegEncoder == nil {
            throw .invalidConfiguration(field: "jpegEncoder", expected: "set when formats lists .mjpeg")
        }
        guard !frameSizes.isEmpty else { throw .invalidConfiguration(field: "frameSizes", expected: "non-empty") }
        for size in frameSizes where size.width <= 0 || size.height <= 0 || size.width % 2 != 0 {
            throw .invalidConfiguration(
                field: "frameSizes",
                expected: "positive sizes with an even width, got \(size)")
        }
        guard !frameRates.isEmpty, frameRates.allSatisfy({ (1...1000).contains($0) }) else {
            throw .invalidConfiguration(field: "frameRates", expected: "non-empty, each in 1...1000 fps")
        }
        guard bufferCount.lowerBound >= 1, bufferCount.upperBound <= 32 else {
            throw .invalidConfiguration(field: "bufferCount", expected: "within 1...32")
        }
        guard name.utf8.count < 32, busInfo.utf8.count < 32 else {
            throw .invalidConfiguration(field: "name/busInfo", expected: "shorter than 32 bytes")
        }
    }
}
