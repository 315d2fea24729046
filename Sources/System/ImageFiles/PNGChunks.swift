/// The chunks of a PNG file that decoding needs, CRC-checked and in a valid order.
struct PNGChunks {
    /// IHDR payload (13 bytes) and its file offset.
    var header: ArraySlice<UInt8> = []
    var headerOffset = 0
    /// PLTE payload and its file offset, if present.
    var palette: ArraySlice<UInt8>?
    var paletteOffset = 0
    /// tRNS payload and its file offset, if present.
    var transparency: ArraySlice<UInt8>?
    var transparencyOffset = 0
    /// The IDAT payloads joined, and the offset of the first IDAT.
    var imageData: [UInt8] = []
    var imageDataOffset = 0

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Walks the chunk list of `bytes`, checking lengths, CRCs and order, up to IEND and at most
    /// `limits.maxPNGChunks` chunks.
    init(_ bytes: [UInt8], limits: ImageLimits) throws(ImageFileError) {
        let reader = ByteReader(bytes: bytes, format: .png, bigEndian: true)
        let signature = try reader.slice(8, at: 0, field: "signature")
        guard signature.elementsEqual(Self.signature) else {
            throw .malformed(
                .png, "signature", offset: 0, expected: hexBytes(Self.signature), found: hexBytes(signature))
        }
        var offset = 8
        var index = 0
        var sawIDAT = false
        var idatEnded = false
        while true {
            try ImageLimits.checkWork(
                index + 1, limit: limits.maxPNGChunks, budget: "maxPNGChunks", format: .png, field: "chunk count",
                offset: offset, found: "more than \(limits.maxPNGChunks) chunks before IEND")
            let length = try reader.u32(at: offset, field: "chunk \(index) length")
            guard length <= 0x7FFF_FFFF else {
                throw .malformed(
                    .png, "chunk \(index) length", offset: offset, expected: "at most 2^31-1", found: "\(length)")
            }
            let typeBytes = try reader.slice(4, at: offset + 4, field: "chunk \(index) type")
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw .malformed(
                    .png, "chunk \(index) type", offset: offset + 4, expected: "four ASCII letters",
                    found: hexBytes(typeBytes))
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            let dataOffset = offset + 8
            let data = try reader.slice(length, at: dataOffset, field: "\(type) data")
            let stored = UInt32(try reader.u32(at: dataOffset + length, field: "\(type) CRC"))
            let computed = Zlib.crc(bytes[(offset + 4)..<(dataOffset + length)])
            guard stored == computed else {
                throw ImageFileError(
                    kind: .checksumMismatch, format: .png, field: "\(type) CRC", offset: dataOffset + length,
                    expected: "CRC-32 \(hex32(computed)) of the chunk type and data", found: hex32(stored))
            }
            if index == 0, type != "IHDR" {
                throw .malformed(.png, "first chunk", offset: offset + 4, expected: "IHDR", found: type)
            }
            if sawIDAT, type != "IDAT" { idatEnded = true }
            switch type {
            case "IHDR":
                guard index == 0 else {
                    throw .malformed(
                        .png, "IHDR", offset: offset, expected: "exactly one IHDR, first",
                        found: "another at chunk \(index)")
                }
                guard length == 13 else {
                    throw .malformed(.png, "IHDR length", offset: offset, expected: "13", found: "\(length)")
                }
                header = data
                headerOffset = dataOffset
            case "PLTE":
                guard !sawIDAT, palette == nil else {
                    throw .malformed(
                        .png, "PLTE", offset: offset, expected: "one PLTE before the first IDAT",
                        found: "PLTE at chunk \(index)")
                }
                palette = data
                paletteOffset = dataOffset
            case "tRNS":
                guard !sawIDAT else {
                    throw .malformed(
                        .png, "tRNS", offset: offset, expected: "tRNS before the first IDAT", found: "tRNS after IDAT")
                }
                transparency = data
                transparencyOffset = dataOffset
            case "IDAT":
                guard !idatEnded else {
                    throw .malformed(
                        .png, "IDAT", offset: offset, expected: "consecutive IDAT chunks",
                        found: "IDAT after another chunk type at chunk \(index)")
                }
                if !sawIDAT { imageDataOffset = dataOffset }
                sawIDAT = true
                imageData.append(contentsOf: data)
            case "IEND":
                guard sawIDAT else {
                    throw .malformed(
                        .png, "IDAT", offset: offset, expected: "at least one IDAT before IEND", found: "none")
                }
                return
            default:
                // Bit 5 of the first letter clear (upper case) marks a chunk a decoder must understand.
                guard typeBytes.first! & 0x20 != 0 else {
                    throw .unsupported(
                        .png, "critical chunk \(type)", offset: offset + 4,
                        expected: "IHDR, PLTE, IDAT or IEND", found: type)
                }
            }
            offset = dataOffset + length + 4
            index += 1
        }
    }
}

/// Eight-digit hex of a 32-bit value, for messages.
func hex32(_ value: UInt32) -> String {
    (0..<4).map { hexByte(UInt8(truncatingIfNeeded: value >> (24 - 8 * $0))) }.joined()
}
