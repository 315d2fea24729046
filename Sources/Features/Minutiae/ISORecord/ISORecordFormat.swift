/// Constants of the ISO/IEC 19794-2:2005 finger minutiae record layout.
enum ISORecordFormat {
    static let formatIdentifier: [UInt8] = [0x46, 0x4D, 0x52, 0x00]  // "FMR\0"
    static let version: [UInt8] = [0x20, 0x32, 0x30, 0x00]  // " 20\0"
    static let headerSize = 24
    static let viewHeaderSize = 4
    static let minutiaSize = 6
    static let extendedDataLengthSize = 2
    static let maxCoordinate = 0x3FFF
    static let maxFingerPosition = 10
    /// One angle unit on the wire, in radians (360/256 degrees).
    static let angleUnit = 2 * Double.pi / 256

    /// The nearest whole unit, wrapped into 0-255; `radians` must be finite.
    static func angleByte(_ radians: Double) -> UInt8 {
        var units = (radians / angleUnit).truncatingRemainder(dividingBy: 256).rounded()
        if units < 0 { units += 256 }
        return UInt8(Int(units) & 0xFF)
    }

    static func radians(_ byte: UInt8) -> Double { Double(byte) * angleUnit }
}
