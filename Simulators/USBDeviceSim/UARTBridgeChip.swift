import FingerprintModuleSim

/// The UART side of a USB-serial bridge chip, driven by its vendor control requests.
public protocol UARTBridgeChip: Sendable {
    /// Answers a vendor or class control request; standard requests are handled by the device.
    mutating func control(_ setup: USBSetupPacket, outData: [UInt8]) -> ControlReply
    /// The frame format the chip transmits with, nil while its transmitter is off.
    var transmitCoding: UARTLineCoding? { get }
    /// The frame format the chip samples incoming bits with, nil while its receiver is off.
    var receiveCoding: UARTLineCoding? { get }
    /// The configured baud rate and frame format (whether or not the UART is enabled).
    var lineCoding: UARTLineCoding { get }
}
