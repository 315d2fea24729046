import Biometrics

/// Reads binary 8-bit PGM (P5, maxval ≤ 255; `#` comments allowed in the header).
enum PGMGrayReader {
    static func decode(_ bytes: [UInt8]) throws(FingerprintImageFileError) -> GrayImage {
        var index = 2
        func field(_ name: String) throws(FingerprintImageFileError) -> Int {
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "#") {
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                    index += 1
                } else {
                    break
                }
            }
            var value = 0
            var digits = 0
            while index < bytes.count, (0x30...0x39).contains(bytes[index]), digits < 6 {
                value = value * 10 + Int(bytes[index] - 0x30)
                digits += 1
                index += 1
            }
            guard digits > 0 else {
                let found = index < bytes.count ? "byte \(hex2(bytes[index]))" : "end of file"
                throw .malformedPGM(field: name, expected: "a decimal number", received: found)
            }
            return value
        }
        let width = try field("width")
        let height = try field("height")
        let maxval = try field("maxval")
        guard (1...255).contains(maxval) else {
            throw .malformedPGM(field: "maxval", expected: "1-255 (8-bit)", received: "\(maxval)")
        }
        guard (1...GrayImage.maxSide).contains(width), (1...GrayImage.maxSide).contains(height) else {
            throw .malformedPGM(
                field: "width/height", expected: "1-\(GrayImage.maxSide)", received: "\(width)×\(height)")
        }
        guard index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) else {
            throw .malformedPGM(
                field: "header end", expected: "one whitespace byte after maxval", received: "end of header")
        }
        let start = index + 1
        let end = start + width * height
        guard end <= bytes.count else {
            throw .truncated(field: "PGM pixels", neededBytes: end, fileBytes: bytes.count)
        }
        var pixels = Array(bytes[start..<end])
        if maxval != 255 { pixels = pixels.map { UInt8(min(255, Int($0) * 255 / maxval)) } }
        do {
            return try GrayImage(width: width, height: height, pixels: pixels)
        } catch {
            throw .malformedPGM(field: "width/height", expected: "a valid size", received: "\(error)")
        }
    }
}
