import ImageFiles

/// JPEG through both of its readers: `ImageFile` (files and photos) and the camera's `JPEGDecoder`
/// (MJPEG frames, decoded to grey and to RGB).
enum JPEGFuzz {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let file = ImageFileFuzz.run(bytes, format: .jpeg)
        guard !bytes.isEmpty else { return file }
        do {
            let decoder = try JPEGDecoder()
            let grey = try decoder.decodeGray(bytes)
            _ = try decoder.decodeRGB(bytes)
            return file.isAccepted ? file : .accepted("MJPEG frame \(grey.frame.width)×\(grey.frame.height)")
        } catch {
            return file.isAccepted ? file : .rejected(error)
        }
    }
}
