import CV4L2

/// Limits on what a V4L2 driver reports, one owner for each. A driver beyond one gets `.malformedResponse`
/// naming the field and the limit, never a loop without end, a trap or an unbounded mapping.
public struct V4L2Budget: Sendable, Hashable {
    /// Entries one enumeration (VIDIOC_ENUM_FMT, _FRAMESIZES, _FRAMEINTERVALS) may list before EINVAL.
    public var maxEnumeratedEntries: Int
    /// Controls the VIDIOC_QUERYCTRL walk may list.
    public var maxControls: Int
    /// Buffers VIDIOC_REQBUFS may grant.
    public var maxBufferCount: Int
    /// Bytes one buffer (and a format's sizeimage and bytesperline) may have.
    public var maxBufferBytes: Int
    /// Pixels a frame width or height may have; at 16 bits, width × height always fits a UInt32.
    public var maxFrameDimension: Int

    /// The budget every device call uses: 256 entries per enumeration, 4,096 controls, the kernel's own
    /// VIDEO_MAX_FRAME buffers, 64 MiB per buffer (a 4K YUYV frame is 16.6 MB), 65,535 pixels a side.
    public static let `default` = V4L2Budget(
        maxEnumeratedEntries: 256, maxControls: 4096, maxBufferCount: Int(VIDEO_MAX_FRAME),
        maxBufferBytes: 64 << 20, maxFrameDimension: Int(UInt16.max))
}
