import Foundation
import Imaging

/// A PGM file was rejected; names the header field or the pixel data and what was expected.
public struct PGMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The part of the file that was wrong.
    public enum Field: String, Sendable {
        case magic, width, height, maxval, pixelData = "pixel data", file
    }

    /// Which part was wrong.
    public let field: Field
    /// What was found and what was expected, in words.
    public let detail: String

    /// Creates an error about `field`.
    public init(field: Field, detail: String) {
        self.field = field
        self.detail = detail
    }

    public var description: String { "PGM \(field.rawValue): \(detail)" }
}

/// Binary PGM (P5, maxval ≤ 255) reading and writing for `GrayFrame`; reading goes through the Netpbm decoder
/// that `ImageFile` uses, so samples below a maxval of 255 are scaled to 0-255 the same way.
public enum PGM {
    /// Parses P5 bytes into a packed frame.
    public static func decode(_ bytes: [UInt8]) throws(PGMError) -> GrayFrame {
        guard bytes.starts(with: Array("P5".utf8)) else {
            let magic = String(decoding: bytes.prefix(2), as: UTF8.self)
            throw PGMError(
                field: .magic, detail: "found \(bytes.isEmpty ? "nothing" : "\"\(magic)\""), expected \"P5\"")
        }
        let header = try mapped { () throws(ImageFileError) in
            try NetpbmHeader(bytes, limits: ImageLimits(maxSide: .max, maxPixels: .max, maxDecodedBytes: .max))
        }
        for (field, value) in [(PGMError.Field.width, header.width), (.height, header.height)]
        where value > maximumFrameDimension {
            throw PGMError(field: field, detail: "\(value), expected 1...\(maximumFrameDimension)")
        }
        guard header.maxval <= 255 else {
            throw PGMError(field: .maxval, detail: "\(header.maxval), expected 1...255 (8-bit samples)")
        }
        let image = try mapped { () throws(ImageFileError) in try NetpbmDecoder.decode(bytes, header: header) }
        do {
            return try GrayFrame(width: image.width, height: image.height, pixels: image.samples)
        } catch {
            // Unreachable: dimensions and pixel count were checked above.
            throw PGMError(field: .pixelData, detail: error.description)
        }
    }

    /// Encodes `frame` as P5 (maxval 255), dropping row padding.
    public static func encode(_ frame: GrayFrame) -> [UInt8] {
        let packed = frame.packed()
        return encode(width: packed.width, height: packed.height, pixels: packed.pixels)
    }

    /// P5 (maxval 255) of `width × height` packed grey pixels.
    static func encode(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        Array("P5\n\(width) \(height)\n255\n".utf8) + pixels
    }

    /// Reads and decodes the P5 file at `url`.
    public static func read(contentsOf url: URL) throws(PGMError) -> GrayFrame {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PGMError(field: .file, detail: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try decode([UInt8](data))
    }

    /// Encodes `frame` and writes it to `url`.
    public static func write(_ frame: GrayFrame, to url: URL) throws(PGMError) {
        do {
            try Data(encode(frame)).write(to: url)
        } catch {
            throw PGMError(field: .file, detail: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// `body`'s result, with a Netpbm decoding error told as the PGM field it concerns.
    private static func mapped<T>(_ body: () throws(ImageFileError) -> T) throws(PGMError) -> T {
        do {
            return try body()
        } catch {
            let field: PGMError.Field =
                switch error.field {
                case "width": .width
                case "height": .height
                case "maxval": .maxval
                default: .pixelData
                }
            throw PGMError(field: field, detail: "found \(error.found), expected \(error.expected)")
        }
    }
}

extension GrayImage {
    /// The image as a binary PGM (P5, maxval 255) file.
    public func pgm() -> Data {
        Data(PGM.encode(width: width, height: height, pixels: pixels))
    }
}
