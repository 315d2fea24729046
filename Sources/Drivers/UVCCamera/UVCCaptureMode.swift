import V4L2

/// The format, size and frame interval the driver negotiated.
public struct UVCCaptureMode: Sendable, Hashable {
    /// The pixel format in use (GREY, YUYV or MJPEG).
    public var pixelFormat: V4L2FourCC
    /// The frame size the driver set.
    public var size: V4L2Size
    /// Bytes per row of raw formats (0 for MJPEG).
    public var bytesPerLine: UInt32
    /// The frame interval the driver set; nil when it has no frame-rate control.
    public var frameInterval: V4L2Fraction?

    public init(pixelFormat: V4L2FourCC, size: V4L2Size, bytesPerLine: UInt32, frameInterval: V4L2Fraction?) {
        self.pixelFormat = pixelFormat
        self.size = size
        self.bytesPerLine = bytesPerLine
        self.frameInterval = frameInterval
    }
}

/// How exposure ended up configured.
public enum UVCExposureSetting: Sendable, Hashable {
    /// The camera regulates exposure itself in this mode.
    case automatic(V4L2ExposureMode)
    /// Auto exposure was refused; manual mode with this absolute exposure (100 µs units), nil if that control is absent.
    case manual(Int32?)
    /// The camera has no exposure controls.
    case unavailable
}
