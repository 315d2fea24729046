/// How a matched device carries the fingerprint module's bytes.
public enum FingerprintUSBLinkKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A native USB module: vendor-class interface with bulk IN/OUT carrying the packets.
    case nativeZFM = "native"
    /// A module behind a WCH CH340/CH341 USB-UART bridge.
    case ch34x = "ch34x"
    /// A module behind a Silicon Labs CP210x USB-UART bridge.
    case cp210x = "cp210x"
    /// A module behind an FTDI FT232R USB-UART bridge.
    case ftdi = "ftdi"

    /// Human name used in descriptions ("CH340", "CP210x", ...).
    public var description: String {
        switch self {
        case .nativeZFM: "native USB"
        case .ch34x: "CH340"
        case .cp210x: "CP210x"
        case .ftdi: "FTDI FT232R"
        }
    }
}
