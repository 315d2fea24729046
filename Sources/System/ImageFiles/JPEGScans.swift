/// Counts a JPEG stream's scans before libjpeg-turbo decodes it, so that a budget lower than the library's fixed
/// 500 can be enforced without decoding anything: one pass over the bytes, walking marker segments by their lengths
/// and entropy-coded data byte by byte, up to EOI, as libjpeg's marker reader does.
enum JPEGScans {
    /// The number of SOS markers in `jpeg` (all of them: the walk is one pass over the bytes, bounded by the input
    /// size, so an error can say how many there are).
    static func count(_ jpeg: UnsafeRawBufferPointer) -> Int {
        walk(jpeg).scans
    }

    /// Whether the frame is progressive (SOF2, SOF6, SOF10 or SOF14): libjpeg then holds every coefficient of the
    /// image at once, not one MCU row.
    static func isProgressive(_ jpeg: UnsafeRawBufferPointer) -> Bool {
        walk(jpeg).progressive
    }

    private static func walk(_ jpeg: UnsafeRawBufferPointer) -> (scans: Int, progressive: Bool) {
        var progressive = false
        var count = 0
        var offset = 0
        let end = jpeg.count
        while offset + 1 < end {
            guard jpeg[offset] == 0xFF else {
                offset += 1  // entropy-coded data (or garbage, which libjpeg skips the same way)
                continue
            }
            let marker = jpeg[offset + 1]
            switch marker {
            case 0xFF:
                offset += 1  // fill byte before a marker
            case 0x00, 0x01, 0xD0...0xD8:
                offset += 2  // stuffed zero, TEM, RSTn, SOI: no length field
            case 0xD9:
                return (count, progressive)  // EOI: libjpeg reads nothing after it
            default:
                guard offset + 3 < end else { return (count, progressive) }
                let length = Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3])
                if marker == 0xDA { count += 1 }
                if [0xC2, 0xC6, 0xCA, 0xCE].contains(marker) { progressive = true }
                offset += 2 + max(length, 2)
            }
        }
        return (count, progressive)
    }
}
