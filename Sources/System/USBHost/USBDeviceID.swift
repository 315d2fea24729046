/// A USB vendor and product id pair (VID:PID).
public struct USBDeviceID: Sendable, Hashable, CustomStringConvertible {
    /// The vendor id (idVendor).
    public var vendor: UInt16
    /// The product id (idProduct).
    public var product: UInt16

    /// Makes an id from its two numbers.
    public init(vendor: UInt16, product: UInt16) {
        self.vendor = vendor
        self.product = product
    }

    /// Lower-case `vvvv:pppp`, as lsusb prints it.
    public var description: String { Self.hex4(vendor) + ":" + Self.hex4(product) }

    static func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
