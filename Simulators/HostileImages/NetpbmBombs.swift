extension HostileImage {
    /// A Netpbm header (`magic` P2, P3, P5 or P6) declaring `width × height` and `maxval`, with no samples.
    public static func netpbmDeclaring(magic: String = "P6", width: Int, height: Int, maxval: Int = 65_535)
        -> [UInt8]
    {
        Array("\(magic)\n\(width) \(height)\n\(maxval)\n".utf8)
    }

    /// An ASCII Netpbm file (`magic` P2 or P3) declaring `width × height`, maxval 255, followed by `tokens`
    /// samples "1", one per line: with the header at the size limit, millions of numbers to parse.
    public static func netpbmTokens(magic: String = "P2", width: Int, height: Int, tokens: Int) -> [UInt8] {
        netpbmDeclaring(magic: magic, width: width, height: height, maxval: 255) + [0x31, 0x0A].repeated(tokens)
    }
}
