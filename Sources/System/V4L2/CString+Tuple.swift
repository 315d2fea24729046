/// Decodes a fixed-size C char array (imported as a tuple of UInt8) up to its first NUL.
/// A driver that fills every byte without a terminator still yields the full field, never an overread.
func decodeFixedCString<Tuple>(_ tuple: Tuple) -> String {
    withUnsafeBytes(of: tuple) { raw in
        let bytes = raw.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
