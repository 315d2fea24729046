import USBHost

/// A USB-UART bridge chip: how to set its line coding, and how its IN transfers frame the UART bytes.
public protocol SerialBridge: Sendable {
    /// Which table kind this bridge serves.
    var kind: FingerprintUSBLinkKind { get }
    /// The vendor control requests that set `baud` 8N1 and enable the UART, in the order to send them.
    func lineCodingRequests(baud: Int) throws(SerialBridgeError) -> [USBControlRequest]
    /// The UART bytes in one bulk IN transfer (bridges that add framing strip it here).
    func payload(ofTransfer bytes: [UInt8], maxPacketSize: Int) -> [UInt8]
}

extension SerialBridge {
    /// Bridges without IN framing pass the bytes through.
    public func payload(ofTransfer bytes: [UInt8], maxPacketSize: Int) -> [UInt8] { bytes }
}

/// Why a bridge cannot be configured as asked.
public enum SerialBridgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The chip cannot generate this baud rate.
    case unsupportedBaud(Int, bridge: String, supported: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .unsupportedBaud(let baud, let bridge, let supported):
            "baud rate \(baud) is outside what the \(bridge) supports "
                + "(expected \(supported.lowerBound)...\(supported.upperBound))"
        }
    }
}

/// The bridge implementation for each bridge kind of the device table.
public enum SerialBridges {
    /// The bridge for `kind`, or nil for native modules.
    public static func bridge(for kind: FingerprintUSBLinkKind, interface: UInt8 = 0) -> (any SerialBridge)? {
        switch kind {
        case .nativeZFM: nil
        case .ch34x: CH34xBridge()
        case .cp210x: CP210xBridge(interface: interface)
        case .ftdi: FTDIBridge()
        }
    }
}
