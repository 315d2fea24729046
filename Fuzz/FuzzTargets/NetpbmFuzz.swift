import ImageFiles

/// PGM and PPM through `ImageFile`, and PGM through the camera tools' own `PGM` reader.
enum NetpbmFuzz {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let file = ImageFileFuzz.run(bytes, formats: [.pgm, .ppm])
        do {
            let frame = try PGM.decode(bytes)
            return file.isAccepted ? file : .accepted("PGM \(frame.width)×\(frame.height) (PGM reader)")
        } catch {
            return file
        }
    }
}
