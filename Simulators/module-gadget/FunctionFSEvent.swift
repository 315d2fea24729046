import CFunctionFS
import USBDeviceSim

/// One event read from a FunctionFS `ep0`: 12 bytes, the SETUP packet (meaningful for SETUP only),
/// then the event type.
enum FunctionFSEvent: Equatable, CustomStringConvertible {
    case bind, unbind, enable, disable, suspend, resume
    /// A control request for the function: answer it on ep0 before reading the next event.
    case setup(USBSetupPacket)
    /// A type this program does not know (a newer kernel); ignored.
    case unknown(UInt8)

    /// Bytes per event.
    static let size = Int(CFUNCTIONFS_EVENT_SIZE)

    /// Decodes the events in `bytes` (a whole number of records; a trailing fragment is dropped).
    static func decode(_ bytes: ArraySlice<UInt8>) -> [FunctionFSEvent] {
        stride(from: bytes.startIndex, to: bytes.endIndex - size + 1, by: size).map { start in
            event(bytes[start..<start + size])
        }
    }

    private static func event(_ record: ArraySlice<UInt8>) -> FunctionFSEvent {
        let type = record[record.startIndex + 8]
        switch UInt32(type) {
        case FUNCTIONFS_BIND.rawValue: return .bind
        case FUNCTIONFS_UNBIND.rawValue: return .unbind
        case FUNCTIONFS_ENABLE.rawValue: return .enable
        case FUNCTIONFS_DISABLE.rawValue: return .disable
        case FUNCTIONFS_SUSPEND.rawValue: return .suspend
        case FUNCTIONFS_RESUME.rawValue: return .resume
        case FUNCTIONFS_SETUP.rawValue:
            guard let setup = USBSetupPacket(bytes: record.prefix(8)) else { return .unknown(type) }
            return .setup(setup)
        default: return .unknown(type)
        }
    }

    var description: String {
        switch self {
        case .bind: "BIND"
        case .unbind: "UNBIND"
        case .enable: "ENABLE"
        case .disable: "DISABLE"
        case .suspend: "SUSPEND"
        case .resume: "RESUME"
        case .setup(let setup): "SETUP \(setup)"
        case .unknown(let type): "unknown event type \(type)"
        }
    }
}
