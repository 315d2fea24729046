import Foundation
import Imaging

/// Writes 8-bit grey or RGB PNG files, zlib-compressed, each row with the filter that suits it best.
public enum PNGEncoder {
    /// `image` as a greyscale PNG; `compressionLevel` is zlib's 0 (none) to 9 (smallest).
    public static func encode(_ image: GrayImage, compressionLevel: Int = 6) -> [UInt8] {
        encode(
            width: image.width, height: image.height, colorType: 0, channels: 1, rows: image.pixels,
            rowStride: image.width, level: compressionLevel)
    }

    /// `frame` as an RGB PNG; `compressionLevel` is zlib's 0 (none) to 9 (smallest).
    public static func encode(_ frame: RGBFrame, compressionLevel: Int = 6) -> [UInt8] {
        encode(
            width: frame.width, height: frame.height, colorType: 2, channels: 3, rows: frame.pixels,
            rowStride: frame.stride, level: compressionLevel)
    }

    /// Encodes `image` and writes it to `path`.
    public static func write(_ image: GrayImage, toPath path: String, compressionLevel: Int = 6) throws(ImageFileError)
    {
        try save(encode(image, compressionLevel: compressionLevel), to: path)
    }

    /// Encodes `frame` and writes it to `path`.
    public static func write(_ frame: RGBFrame, toPath path: String, compressionLevel: Int = 6) throws(ImageFileError) {
        try save(encode(frame, compressionLevel: compressionLevel), to: path)
    }

    static func save(_ bytes: [UInt8], to path: String) throws(ImageFileError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ImageFileError(
                kind: .unwritable, format: .png, field: path, offset: nil,
                expected: "a writable path", found: error.localizedDescription)
        }
    }

    private static func encode(
        width: Int, height: Int, colorType: UInt8, channels: Int, rows: [UInt8], rowStride: Int, level: Int
    ) -> [UInt8] {
        let rowBytes = width * channels
        var filtered: [UInt8] = []
        filtered.reserveCapacity((rowBytes + 1) * height)
        var previous: ArraySlice<UInt8>?
        for y in 0..<height {
            let row = rows[(y * rowStride)..<(y * rowStride + rowBytes)]
            let (filter, bytes) = bestFilter(row, previous: previous, step: channels)
            filtered.append(filter.rawValue)
            filtered.append(contentsOf: bytes)
            previous = row
        }
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, colorType, 0, 0, 0]
        var file = PNGChunks.signature
        file.appendChunk("IHDR", header)
        file.appendChunk("IDAT", Zlib.deflate(filtered, level: Int32(min(max(level, 0), 9))))
        file.appendChunk("IEND", [])
        return file
    }

    /// The filter whose output has the smallest sum of absolute signed bytes (the usual PNG heuristic).
    private static func bestFilter(_ row: ArraySlice<UInt8>, previous: ArraySlice<UInt8>?, step: Int) -> (
        PNGFilter, [UInt8]
    ) {
        var best: (filter: PNGFilter, bytes: [UInt8], cost: Int)?
        for filter in PNGFilter.allCases {
            let bytes = filter.filter(row, previous: previous, step: step)
            let cost = bytes.reduce(0) { $0 + abs(Int(Int8(bitPattern: $1))) }
            if best == nil || cost < best!.cost { best = (filter, bytes, cost) }
        }
        return (best!.filter, best!.bytes)
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [
            UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF),
        ])
    }

    /// Appends a PNG chunk: length, type, data, CRC-32 of type and data.
    mutating func appendChunk(_ type: String, _ payload: [UInt8]) {
        appendBigEndian(UInt32(payload.count))
        let start = count
        append(contentsOf: Array(type.utf8))
        append(contentsOf: payload)
        appendBigEndian(Zlib.crc(self[start...]))
    }
}
