extension HostileImage {
    /// A 54-byte Windows BMP (BITMAPINFOHEADER, BI_RGB) declaring `width × height` at `bitCount` bits with its
    /// pixel data at `dataOffset`, and no pixel data at all. A negative height means top-down rows;
    /// `Int32.min` has no positive counterpart in 32 bits.
    public static func bmpDeclaring(
        width: Int32, height: Int32, bitCount: UInt16 = 24, dataOffset: UInt32 = 54
    ) -> [UInt8] {
        var file: [UInt8] = [0x42, 0x4D] + littleEndian32(54) + [0, 0, 0, 0] + littleEndian32(dataOffset)
        file += littleEndian32(40)
        file += littleEndian32(UInt32(bitPattern: width)) + littleEndian32(UInt32(bitPattern: height))
        file += littleEndian16(1) + littleEndian16(bitCount)
        file += littleEndian32(0)  // BI_RGB
        file += [UInt8](repeating: 0, count: 20)  // image size, resolution, colours used and important
        return file
    }
}
