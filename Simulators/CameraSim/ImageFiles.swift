import Glibc
import ImageFiles
import Imaging
import SystemSupport

extension CameraImage {
    /// The grey pixels of an Imaging frame (row padding dropped).
    public init(_ frame: GrayFrame) throws(CameraSimError) {
        let packed = frame.packed()
        try self.init(width: packed.width, height: packed.height, pixels: packed.pixels)
    }

    /// Reads a binary PGM (P5, maxval ≤ 255) file.
    public static func readPGM(path: String) throws(CameraSimError) -> CameraImage {
        let bytes = try readFile(path)
        let frame: GrayFrame
        do {
            frame = try PGM.decode(bytes)
        } catch {
            throw .malformedImage(path: path, field: error.field.rawValue, expected: error.detail)
        }
        return try CameraImage(frame)
    }

    /// Reads a JPEG file and decodes it to grey with libjpeg-turbo; a damaged JPEG is an error.
    public static func readJPEG(path: String) throws(CameraSimError) -> CameraImage {
        let bytes = try readFile(path)
        let decoded: JPEGDecoded<GrayFrame>
        do {
            decoded = try JPEGDecoder().decodeGray(bytes)
        } catch {
            throw .malformedImage(path: path, field: "JPEG data", expected: "decodable (\(error.description))")
        }
        switch decoded {
        case .intact(let frame):
            return try CameraImage(frame)
        case .damaged(_, let warning):
            throw .malformedImage(path: path, field: "JPEG data", expected: "intact, libjpeg-turbo warned: \(warning)")
        }
    }

    /// Reads a `.pgm`, `.jpg` or `.jpeg` file, chosen by its extension.
    public static func read(path: String) throws(CameraSimError) -> CameraImage {
        let lower = path.lowercased()
        if lower.hasSuffix(".pgm") { return try readPGM(path: path) }
        if lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg") { return try readJPEG(path: path) }
        throw .malformedImage(path: path, field: "file extension", expected: ".pgm, .jpg or .jpeg")
    }

    static func readFile(_ path: String) throws(CameraSimError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .imageUnreadable(path: path, errno: errno) }
        defer { close(fd) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let outcome = retryingOnInterrupt {
                chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            }
            let count: Int
            switch outcome {
            case .success(let value): count = value
            case .failure(let error): throw .imageUnreadable(path: path, errno: error.code)
            }
            if count == 0 { break }
            data += chunk.prefix(count)
        }
        return data
    }
}

extension SequenceFrameSource {
    /// The images in `paths` (PGM or JPEG), one per frame, looping.
    public init(imageFiles paths: [String]) throws(CameraSimError) {
        var images: [CameraImage] = []
        for path in paths { images.append(try CameraImage.read(path: path)) }
        try self.init(images)
    }

    /// The images of `directory` whose names end in `fileExtension` (e.g. "pgm"), in natural order
    /// (2 before 10), looping.
    public init(directory: String, fileExtension: String = "pgm") throws(CameraSimError) {
        guard let dir = opendir(directory) else { throw .imageUnreadable(path: directory, errno: errno) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix("." + fileExtension) { names.append(name) }
        }
        closedir(dir)
        let suffixLength = fileExtension.count + 1
        names.sort { lhs, rhs in
            if let l = Int(lhs.dropLast(suffixLength)), let r = Int(rhs.dropLast(suffixLength)) { return l < r }
            return lhs < rhs
        }
        guard !names.isEmpty else { throw .emptySequence(directory) }
        try self.init(imageFiles: names.map { directory + "/" + $0 })
    }
}

/// MJPEG frames from libjpeg-turbo through ImageFiles' `JPEGEncoder` (single-component grey JPEG).
public struct TurboJPEGFrameEncoder: CameraJPEGEncoder {
    /// JPEG quality, 1...100.
    public let quality: Int

    /// An encoder at `quality` (clamped into 1...100).
    public init(quality: Int = 85) {
        self.quality = min(max(quality, 1), 100)
    }

    /// The JPEG, or no bytes when libjpeg-turbo fails (the frame then arrives with bytesused 0).
    public func encodeJPEG(_ image: CameraImage) -> [UInt8] {
        // A tjhandle is not thread-safe and frames are rare: one encoder per frame.
        guard let encoder = try? JPEGEncoder(),
            let frame = try? GrayFrame(width: image.width, height: image.height, pixels: image.pixels)
        else { return [] }
        return (try? encoder.encode(frame, quality: quality)) ?? []
    }
}
