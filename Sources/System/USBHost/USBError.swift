import CLibUSB

/// A typed failure from libusb, mapped from its error codes and transfer statuses.
public enum USBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The operation or transfer did not finish within its timeout.
    case timeout
    /// The endpoint stalled (LIBUSB_ERROR_PIPE / LIBUSB_TRANSFER_STALL); see `USBTransferring.clearHalt`.
    case stall
    /// The device is gone (unplugged) or was never there.
    case noDevice
    /// The device sent more data than the buffer could hold.
    case overflow
    /// The interface is claimed by another program or driver.
    case busy
    /// The usbfs node is not accessible to this user.
    case access
    /// A requested entity (device, endpoint, kernel driver, configuration) does not exist.
    case notFound
    /// Input/output error.
    case io
    /// The transfer was cancelled (Task cancellation or `close`).
    case cancelled
    /// libusb rejected a parameter (LIBUSB_ERROR_INVALID_PARAM).
    case invalidParameter
    /// A system call was interrupted (LIBUSB_ERROR_INTERRUPTED).
    case interrupted
    /// libusb ran out of memory (LIBUSB_ERROR_NO_MEM).
    case noMemory
    /// The operation is not supported on this platform or device (LIBUSB_ERROR_NOT_SUPPORTED).
    case notSupported
    /// The handle or context was already closed.
    case closed
    /// The device lacks what the driver needs (e.g. no bulk endpoint on the interface).
    case unsupportedDevice(String)
    /// Any other libusb code, with its name from `libusb_error_name`.
    case other(code: Int32, name: String)

    /// The udev rule file that grants the daemon's group access to supported devices.
    public static let udevRuleFile = "udev/60-attendance-terminal.rules"
    /// The group the udev rules give access to.
    public static let accessGroup = "attendance"

    /// Maps a negative libusb return code (`enum libusb_error`) to its typed error.
    public init(libusbCode code: Int32) {
        switch code {
        case LIBUSB_ERROR_IO.rawValue: self = .io
        case LIBUSB_ERROR_INVALID_PARAM.rawValue: self = .invalidParameter
        case LIBUSB_ERROR_ACCESS.rawValue: self = .access
        case LIBUSB_ERROR_NO_DEVICE.rawValue: self = .noDevice
        case LIBUSB_ERROR_NOT_FOUND.rawValue: self = .notFound
        case LIBUSB_ERROR_BUSY.rawValue: self = .busy
        case LIBUSB_ERROR_TIMEOUT.rawValue: self = .timeout
        case LIBUSB_ERROR_OVERFLOW.rawValue: self = .overflow
        case LIBUSB_ERROR_PIPE.rawValue: self = .stall
        case LIBUSB_ERROR_INTERRUPTED.rawValue: self = .interrupted
        case LIBUSB_ERROR_NO_MEM.rawValue: self = .noMemory
        case LIBUSB_ERROR_NOT_SUPPORTED.rawValue: self = .notSupported
        default: self = .other(code: code, name: String(cString: libusb_error_name(code)))
        }
    }

    /// Maps a finished transfer's status; nil for LIBUSB_TRANSFER_COMPLETED.
    public init?(transferStatus status: libusb_transfer_status) {
        switch status {
        case LIBUSB_TRANSFER_COMPLETED: return nil
        case LIBUSB_TRANSFER_ERROR: self = .io
        case LIBUSB_TRANSFER_TIMED_OUT: self = .timeout
        case LIBUSB_TRANSFER_CANCELLED: self = .cancelled
        case LIBUSB_TRANSFER_STALL: self = .stall
        case LIBUSB_TRANSFER_NO_DEVICE: self = .noDevice
        case LIBUSB_TRANSFER_OVERFLOW: self = .overflow
        default:
            self = .other(code: Int32(bitPattern: status.rawValue), name: "unknown transfer status \(status.rawValue)")
        }
    }

    /// Throws the mapped error when `code` is negative; returns it otherwise.
    @discardableResult
    static func check(_ code: Int32) throws(USBError) -> Int32 {
        guard code >= 0 else { throw USBError(libusbCode: code) }
        return code
    }

    public var description: String {
        switch self {
        case .timeout: "USB operation timed out"
        case .stall: "USB endpoint stalled (pipe error); clear the halt before retrying"
        case .noDevice: "USB device is gone (unplugged or not present)"
        case .overflow: "USB device sent more data than requested (overflow)"
        case .busy: "USB interface is busy (claimed by another program or driver)"
        case .access:
            "permission denied on the USB device node: install \(Self.udevRuleFile) into /etc/udev/rules.d, "
                + "reload udev, and run the daemon as a member of group \"\(Self.accessGroup)\""
        case .notFound: "USB entity not found"
        case .io: "USB input/output error"
        case .cancelled: "USB transfer cancelled"
        case .invalidParameter: "invalid parameter passed to libusb"
        case .interrupted: "USB system call interrupted"
        case .noMemory: "libusb is out of memory"
        case .notSupported: "operation not supported by this USB platform or device"
        case .closed: "USB handle or context already closed"
        case .unsupportedDevice(let why): "unsupported USB device: \(why)"
        case .other(let code, let name): "libusb error \(code) (\(name))"
        }
    }
}
