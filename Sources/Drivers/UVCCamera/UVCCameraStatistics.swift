/// Counters of a `UVCCameraDriver` over its whole life, across reopens.
public struct UVCCameraStatistics: Sendable, Hashable {
    /// Frames returned by `nextGrayFrame`.
    public var delivered = 0
    /// Frames skipped as IR-strobe dark frames.
    public var darkSkipped = 0
    /// Frames skipped because they could not be decoded or converted (damaged MJPEG, short buffers).
    public var damagedSkipped = 0
    /// Frames the driver lost (sequence gaps reported by the stream).
    public var dropped = 0
    /// Successful opens after the first one.
    public var reopens = 0
    /// Streams restarted after an I/O error (EIO) while the device stayed present.
    public var ioRecoveries = 0

    public init() {}
}
