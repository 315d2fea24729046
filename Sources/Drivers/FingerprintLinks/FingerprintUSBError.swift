import USBHost

/// Failures while finding and opening a fingerprint module on USB.
public enum FingerprintUSBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No device on the bus is in the device table.
    case noMatchingDevice(present: [USBDeviceInfo])
    /// A USB operation failed; `while` says which step.
    case usb(USBError, while: String)
    /// The bridge cannot be configured as asked.
    case bridge(SerialBridgeError)

    public var description: String {
        switch self {
        case .noMatchingDevice(let present):
            let ids = present.isEmpty ? "no USB devices" : present.map(\.id.description).joined(separator: ", ")
            return "no fingerprint module found on USB (expected a device-table VID:PID; present: \(ids))"
        case .usb(let error, let step): return "\(step): \(error)"
        case .bridge(let error): return error.description
        }
    }
}
