/// PLTE and tRNS: palette colours already composited over white, and the colour keys of grey/RGB images.
struct PNGPalette {
    /// Entries in PLTE (0 when absent).
    let count: Int
    /// R,G,B of each entry after applying its tRNS alpha over white.
    let composited: [UInt8]
    /// True when every entry is grey (R = G = B), so the image decodes as grey.
    let isGray: Bool
    /// The grey sample value tRNS marks transparent, or -1.
    let grayKey: Int
    /// The RGB sample values tRNS marks transparent.
    let rgbKey: (Int, Int, Int)?

    init(chunks: PNGChunks, header: PNGHeader) throws(ImageFileError) {
        var grayKey = -1
        var rgbKey: (Int, Int, Int)?
        var count = 0
        var composited: [UInt8] = []
        if let plte = chunks.palette {
            if header.colorType == .gray || header.colorType == .grayAlpha {
                throw .malformed(
                    .png, "PLTE", offset: chunks.paletteOffset, expected: "no PLTE for grey colour types",
                    found: "a PLTE chunk")
            }
            let limit = header.colorType == .palette ? 1 << header.bitDepth : 256
            guard plte.count % 3 == 0, (1...limit).contains(plte.count / 3) else {
                throw .malformed(
                    .png, "PLTE length", offset: chunks.paletteOffset,
                    expected: "a multiple of 3 holding 1-\(limit) entries", found: "\(plte.count)")
            }
            count = plte.count / 3
            composited = Array(plte)
        } else if header.colorType == .palette {
            throw .malformed(.png, "PLTE", offset: nil, expected: "a PLTE chunk for colour type 3", found: "none")
        }
        if let trns = chunks.transparency {
            let values = Array(trns)
            let offset = chunks.transparencyOffset
            switch header.colorType {
            case .palette:
                guard values.count <= count else {
                    throw .malformed(
                        .png, "tRNS length", offset: offset, expected: "at most \(count) (PLTE entries)",
                        found: "\(values.count)")
                }
                for (index, alpha) in values.enumerated() {
                    for c in 0..<3 {
                        composited[3 * index + c] = overWhite(Int(composited[3 * index + c]), alpha: Int(alpha))
                    }
                }
            case .gray:
                guard values.count == 2 else {
                    throw .malformed(
                        .png, "tRNS length", offset: offset, expected: "2 for colour type 0", found: "\(values.count)")
                }
                grayKey = Int(values[0]) << 8 | Int(values[1])
            case .rgb:
                guard values.count == 6 else {
                    throw .malformed(
                        .png, "tRNS length", offset: offset, expected: "6 for colour type 2", found: "\(values.count)")
                }
                let red: Int = Int(values[0]) << 8 | Int(values[1])
                let green: Int = Int(values[2]) << 8 | Int(values[3])
                let blue: Int = Int(values[4]) << 8 | Int(values[5])
                rgbKey = (red, green, blue)
            case .grayAlpha, .rgba:
                throw .malformed(
                    .png, "tRNS", offset: offset, expected: "no tRNS for colour types with alpha", found: "a tRNS chunk"
                )
            }
        }
        self.count = count
        self.composited = composited
        self.grayKey = grayKey
        self.rgbKey = rgbKey
        isGray = header.colorType == .palette && isGrayTriples(composited)
    }
}
