import Imaging

/// JPEG through Imaging's libjpeg-turbo decoder; a one-component (greyscale) JPEG decodes as grey, others as RGB.
enum JPEGFileDecoder {
    static func decode(_ bytes: [UInt8], limits: ImageLimits) throws(ImageFileError) -> DecodedImage {
        do {
            let decoder = try JPEGDecoder(limits: limits)
            let (width, height) = try bytes.withUnsafeBytes { (raw) throws(JPEGError) in try decoder.dimensions(of: raw)
            }
            try limits.check(width: width, height: height, format: .jpeg, field: "SOF width × height", offset: nil)
            if componentCount(bytes) == 1 {
                let frame = try accept(decoder.decodeGray(bytes))
                let samples = frame.packed().pixels
                return DecodedImage(
                    format: .jpeg, width: frame.width, height: frame.height, layout: .gray, samples: samples)
            }
            let frame = try accept(decoder.decodeRGB(bytes))
            let samples = frame.stride == 3 * frame.width ? frame.pixels : packedRows(frame)
            return DecodedImage(format: .jpeg, width: frame.width, height: frame.height, layout: .rgb, samples: samples)
        } catch let error as JPEGError {
            throw jpegError(error, limits: limits)
        } catch let error as ImageFileError {
            throw error
        } catch {
            throw ImageFileError.malformed(
                .jpeg, "stream", offset: nil, expected: "a decodable JPEG", found: "\(error)")
        }
    }

    /// The frame, unless libjpeg-turbo warned about corrupt data.
    private static func accept<Frame>(_ decoded: JPEGDecoded<Frame>) throws(ImageFileError) -> Frame {
        if case .damaged(_, let warning) = decoded {
            throw .malformed(
                .jpeg, "entropy-coded data", offset: nil, expected: "a complete, intact JPEG stream",
                found: "libjpeg-turbo warning: \(warning)")
        }
        return decoded.frame
    }

    /// The component count (Nf) of the first SOF marker segment, or nil when none is found before SOS.
    static func componentCount(_ bytes: [UInt8]) -> Int? {
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF {
                offset += 1  // fill byte
                continue
            }
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 {
                offset += 2
                continue
            }
            if marker == 0xDA || marker == 0xD9 { return nil }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let isSOF = (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
            if isSOF {
                return offset + 9 < bytes.count ? Int(bytes[offset + 9]) : nil
            }
            offset += 2 + length
        }
        return nil
    }

    private static func packedRows(_ frame: RGBFrame) -> [UInt8] {
        (0..<frame.height).flatMap { y in frame.pixels[(y * frame.stride)..<(y * frame.stride + 3 * frame.width)] }
    }

    private static func jpegError(_ error: JPEGError, limits: ImageLimits) -> ImageFileError {
        switch error {
        case .unsupportedDimensions(let width, let height):
            ImageFileError(
                kind: .tooLarge, format: .jpeg, field: "SOF width × height", offset: nil,
                expected:
                    "each side 1...\(min(maximumFrameDimension, limits.maxSide)), at most \(limits.maxPixels) pixels and "
                    + "\(limits.maxDecodedBytes) decoded bytes (ImageLimits.maxSide, .maxPixels, .maxDecodedBytes)",
                found: "\(width)×\(height)")
        case .tooManyScans(let limit, let found):
            ImageFileError(
                kind: .overBudget, format: .jpeg, field: "scans (SOS markers)", offset: nil,
                expected: found == nil
                    ? "at most \(limit) (libjpeg-turbo's TJFLAG_LIMITSCANS)"
                    : "at most \(limit) (ImageLimits.maxJPEGScans)",
                found: found.map(String.init) ?? "more than \(limit)")
        case .inputTooLarge(let bytes, let limit):
            ImageFileError(
                kind: .tooLarge, format: .jpeg, field: "input", offset: nil,
                expected: "at most \(limit) bytes (ImageLimits.maxFileBytes)", found: "\(bytes) bytes")
        case .emptyInput:
            .truncated(.jpeg, "SOI marker", offset: 0, needed: 2, fileBytes: 0)
        case .unreadableHeader(let message):
            .malformed(.jpeg, "header (SOI/SOF)", offset: nil, expected: "a readable JPEG header", found: message)
        case .fatal(let message):
            .malformed(.jpeg, "entropy-coded data", offset: nil, expected: "decodable JPEG data", found: message)
        case .handleUnavailable(let message):
            .malformed(.jpeg, "decoder", offset: nil, expected: "a libjpeg-turbo handle", found: message)
        case .invalidQuality, .encodeFailed:
            .malformed(.jpeg, "decoder", offset: nil, expected: "a decode result", found: error.description)
        }
    }
}
