#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A failure of a V4L2 operation, typed from the kernel's errno and named after the ioctl or path involved.
public enum V4L2Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// EINVAL: the driver does not support the request or rejected one of its arguments.
    case invalidArgument(operation: String)
    /// ENOTTY: the node does not implement this ioctl (a regular file, or not a V4L2 device at all).
    case notAV4L2Ioctl(operation: String)
    /// EBUSY: another process (or stream) holds the device or its buffers.
    case busy(operation: String)
    /// ENODEV/ENXIO: the device was unplugged or its driver unbound.
    case deviceGone(operation: String)
    /// EIO: the driver reported an I/O error.
    case io(operation: String)
    /// EAGAIN: non-blocking call with nothing ready yet.
    case wouldBlock(operation: String)
    /// ENOMEM: the driver could not allocate (usually buffers).
    case outOfMemory(operation: String)
    /// EPERM/EACCES: the process may not open or use the node.
    case permissionDenied(path: String)
    /// ENOENT: no such node.
    case notFound(path: String)
    /// Any other errno, with the C library's text.
    case other(operation: String, errno: Int32, message: String)
    /// The node answers QUERYCAP but is not a streaming video-capture device.
    case notACaptureDevice(path: String, reason: String)
    /// The driver answered with a value this layer cannot use; names the field and what was expected.
    case malformedResponse(operation: String, field: String, expected: String, got: String)
    /// The device handle was already closed by its owner.
    case closed(path: String)
    /// The capture stream has ended (stopped by its owner); no more frames will come.
    case streamEnded

    /// The udev rule file that grants the daemon's group access to cameras.
    public static let udevRuleFile = "udev/60-attendance-terminal.rules"
    /// The Unix group the daemon must belong to.
    public static let accessGroup = "attendance"

    /// Maps an errno value from `operation` (an ioctl name or a path) to a typed error.
    public init(errno code: Int32, operation: String) {
        switch code {
        case EINVAL: self = .invalidArgument(operation: operation)
        case ENOTTY: self = .notAV4L2Ioctl(operation: operation)
        case EBUSY: self = .busy(operation: operation)
        case ENODEV, ENXIO: self = .deviceGone(operation: operation)
        case EIO: self = .io(operation: operation)
        case EAGAIN: self = .wouldBlock(operation: operation)
        case ENOMEM: self = .outOfMemory(operation: operation)
        case EPERM, EACCES: self = .permissionDenied(path: operation)
        case ENOENT: self = .notFound(path: operation)
        default: self = .other(operation: operation, errno: code, message: String(cString: strerror(code)))
        }
    }

    /// True when the device has disappeared and the owner should report it and reopen later.
    public var isDeviceGone: Bool {
        if case .deviceGone = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .invalidArgument(let op):
            "\(op): unsupported by the driver or invalid argument (EINVAL)"
        case .notAV4L2Ioctl(let op):
            "\(op): not a V4L2 device or ioctl not implemented (ENOTTY)"
        case .busy(let op):
            "\(op): device busy, another process or stream is using it (EBUSY)"
        case .deviceGone(let op):
            "\(op): device gone, unplugged or driver unbound (ENODEV)"
        case .io(let op):
            "\(op): I/O error reported by the driver (EIO)"
        case .wouldBlock(let op):
            "\(op): nothing ready yet (EAGAIN)"
        case .outOfMemory(let op):
            "\(op): driver out of memory (ENOMEM)"
        case .permissionDenied(let path):
            "\(path): permission denied; install \(Self.udevRuleFile) and run the daemon in group '\(Self.accessGroup)'"
        case .notFound(let path):
            "\(path): no such device node (ENOENT)"
        case .other(let op, let code, let message):
            "\(op): \(message) (errno \(code))"
        case .notACaptureDevice(let path, let reason):
            "\(path): not a streaming video-capture device: \(reason)"
        case .malformedResponse(let op, let field, let expected, let got):
            "\(op): driver returned \(field) = \(got), expected \(expected)"
        case .closed(let path):
            "\(path): device handle already closed"
        case .streamEnded:
            "capture stream has ended"
        }
    }
}
