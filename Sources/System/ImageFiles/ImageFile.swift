import Foundation
import Imaging

/// Reads image files of any supported format (TIFF, PNG, PGM, PPM, BMP, JPEG), chosen by magic bytes.
public enum ImageFile {
    /// Decodes `bytes` in its native layout.
    public static func decode(_ bytes: [UInt8], limits: ImageLimits = .standard) throws(ImageFileError) -> DecodedImage
    {
        guard bytes.count <= limits.maxFileBytes else {
            throw ImageFileError(
                kind: .tooLarge, format: ImageFormat.detect(bytes), field: "input", offset: nil,
                expected: "at most \(limits.maxFileBytes) bytes (ImageLimits.maxFileBytes)",
                found: "\(bytes.count) bytes")
        }
        guard let format = ImageFormat.detect(bytes) else {
            throw ImageFileError(
                kind: .unknownFormat, format: nil, field: "signature", offset: 0,
                expected: "TIFF (II*\\0, MM\\0*), PNG, PGM (P2/P5), PPM (P3/P6), BMP (BM) or JPEG (FF D8 FF)",
                found: bytes.isEmpty ? "an empty file" : hexBytes(bytes.prefix(8)))
        }
        guard limits.formats.contains(format) else {
            throw .unsupported(
                format, "format", offset: 0,
                expected: ImageFormat.allCases.filter(limits.formats.contains).map(\.rawValue).joined(separator: ", ")
                    + " (ImageLimits.formats)",
                found: format.rawValue)
        }
        return switch format {
        case .png: try PNGDecoder.decode(bytes, limits: limits)
        case .tiff: try TIFFDecoder.decode(bytes, limits: limits)
        case .pgm, .ppm: try NetpbmDecoder.decode(bytes, limits: limits)
        case .bmp: try BMPDecoder.decode(bytes, limits: limits)
        case .jpeg: try JPEGFileDecoder.decode(bytes, limits: limits)
        case .rawGray:
            throw ImageFileError(
                kind: .unknownFormat, format: .rawGray, field: "signature", offset: 0,
                expected: "a file format with a signature", found: "headerless grey (use decodeRawGray)")
        }
    }

    /// Decodes `bytes` to grey (colour converted with BT.601 weights).
    public static func decodeGray(_ bytes: [UInt8], limits: ImageLimits = .standard) throws(ImageFileError) -> GrayImage
    {
        try decode(bytes, limits: limits).grayImage()
    }

    /// Decodes `bytes` to RGB (grey repeated in each channel).
    public static func decodeRGB(_ bytes: [UInt8], limits: ImageLimits = .standard) throws(ImageFileError) -> RGBFrame {
        try decode(bytes, limits: limits).rgbFrame()
    }

    /// Reads and decodes the file at `path` in its native layout.
    public static func load(path: String, limits: ImageLimits = .standard) throws(ImageFileError) -> DecodedImage {
        try decode(try readBytes(path: path, limits: limits), limits: limits)
    }

    /// Reads the file at `path` as grey.
    public static func loadGray(path: String, limits: ImageLimits = .standard) throws(ImageFileError) -> GrayImage {
        try load(path: path, limits: limits).grayImage()
    }

    /// Reads the file at `path` as RGB.
    public static func loadRGB(path: String, limits: ImageLimits = .standard) throws(ImageFileError) -> RGBFrame {
        try load(path: path, limits: limits).rgbFrame()
    }

    /// Headerless 8-bit grey of `width × height` bytes, row-major (sourceafis `.dat` images).
    public static func decodeRawGray(
        _ bytes: [UInt8], width: Int, height: Int, limits: ImageLimits = .standard
    ) throws(ImageFileError) -> GrayImage {
        let pixels = try limits.check(
            width: width, height: height, format: .rawGray, field: "width × height", offset: nil)
        guard bytes.count == pixels else {
            throw .malformed(
                .rawGray, "file length", offset: nil,
                expected: "\(pixels) bytes (\(width) × \(height))", found: "\(bytes.count) bytes")
        }
        return try DecodedImage(format: .rawGray, width: width, height: height, layout: .gray, samples: bytes)
            .grayImage()
    }

    /// Reads the headerless grey file at `path`.
    public static func loadRawGray(
        path: String, width: Int, height: Int, limits: ImageLimits = .standard
    ) throws(ImageFileError) -> GrayImage {
        try decodeRawGray(try readBytes(path: path, limits: limits), width: width, height: height, limits: limits)
    }

    /// The bytes of the file at `path`, refusing files over `limits.maxFileBytes`.
    static func readBytes(path: String, limits: ImageLimits) throws(ImageFileError) -> [UInt8] {
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType != .typeDirectory else {
                throw ImageFileError(
                    kind: .unreadable, format: nil, field: path, offset: nil,
                    expected: "a regular file", found: "a directory")
            }
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch let error as ImageFileError {
            throw error
        } catch {
            throw ImageFileError(
                kind: .unreadable, format: nil, field: path, offset: nil,
                expected: "a readable file", found: error.localizedDescription)
        }
        guard size <= limits.maxFileBytes else {
            throw ImageFileError(
                kind: .tooLarge, format: nil, field: path, offset: nil,
                expected: "at most \(limits.maxFileBytes) bytes (ImageLimits.maxFileBytes)", found: "\(size) bytes")
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ImageFileError(
                kind: .unreadable, format: nil, field: path, offset: nil,
                expected: "a readable file", found: error.localizedDescription)
        }
    }
}
