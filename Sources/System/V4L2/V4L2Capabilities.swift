import CV4L2

/// What VIDIOC_QUERYCAP reports about a node.
public struct V4L2Capabilities: Sendable, Hashable {
    /// Driver name, e.g. "uvcvideo".
    public let driver: String
    /// Device name, e.g. "HD Webcam".
    public let card: String
    /// Bus location, e.g. "usb-0000:00:14.0-1".
    public let busInfo: String
    /// Kernel version the driver reports, packed as (major << 16) | (minor << 8) | patch.
    public let version: UInt32
    /// Capability flags of the whole physical device.
    public let physicalCapabilities: UInt32
    /// Capability flags of this node: `device_caps` when V4L2_CAP_DEVICE_CAPS is set, else `capabilities`.
    public let nodeCapabilities: UInt32

    /// Parses the kernel structure.
    init(_ raw: v4l2_capability) {
        driver = decodeFixedCString(raw.driver)
        card = decodeFixedCString(raw.card)
        busInfo = decodeFixedCString(raw.bus_info)
        version = raw.version
        physicalCapabilities = raw.capabilities
        let hasDeviceCaps = raw.capabilities & UInt32(truncatingIfNeeded: V4L2_CAP_DEVICE_CAPS) != 0
        nodeCapabilities = hasDeviceCaps ? raw.device_caps : raw.capabilities
    }

    /// The version as "major.minor.patch".
    public var versionString: String {
        "\(version >> 16).\((version >> 8) & 0xFF).\(version & 0xFF)"
    }

    /// This node captures single-planar video.
    public var isVideoCapture: Bool {
        nodeCapabilities & UInt32(truncatingIfNeeded: V4L2_CAP_VIDEO_CAPTURE) != 0
    }

    /// This node takes single-planar video output (e.g. v4l2loopback's writer side).
    public var isVideoOutput: Bool {
        nodeCapabilities & UInt32(truncatingIfNeeded: V4L2_CAP_VIDEO_OUTPUT) != 0
    }

    /// This node supports read()/write() I/O.
    public var supportsReadWrite: Bool {
        nodeCapabilities & UInt32(truncatingIfNeeded: V4L2_CAP_READWRITE) != 0
    }

    /// This node supports mmap/userptr/dmabuf streaming I/O.
    public var supportsStreaming: Bool {
        nodeCapabilities & UInt32(truncatingIfNeeded: V4L2_CAP_STREAMING) != 0
    }
}
