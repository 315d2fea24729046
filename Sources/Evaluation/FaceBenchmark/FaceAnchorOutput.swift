import Foundation

/// The one JSON object `face_anchor.py` prints.
public struct FaceAnchorOutput: Sendable, Hashable, Decodable {
    /// The anchor's self-description (library versions, upsample).
    public let anchor: String
    /// One row per image argument, in argument order.
    public let images: [FaceAnchorImage]
    /// Median detection time, ms; nil when no image.
    public let detectMsMedian: Double?
    /// Median encoding time of images with a face, ms.
    public let encodeMsMedian: Double?
    /// Median detection + encoding time, ms.
    public let totalMsMedian: Double?

    enum CodingKeys: String, CodingKey {
        case anchor, images
        case detectMsMedian = "detect_ms_median"
        case encodeMsMedian = "encode_ms_median"
        case totalMsMedian = "total_ms_median"
    }

    /// Parses the anchor's stdout: the last line that starts with `{` (anything printed before it, such as
    /// library warnings, is ignored). Errors name the JSON field and what was expected there.
    public static func parse(_ stdout: String) throws(FaceBenchmarkError) -> FaceAnchorOutput {
        let lines = stdout.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let json = lines.last(where: { $0.hasPrefix("{") }) else {
            let shown = stdout.count > 200 ? String(stdout.prefix(200)) + "…" : stdout
            throw FaceBenchmarkError(
                stage: "anchor output", subject: "stdout",
                detail: "expected one JSON object line, found \(stdout.isEmpty ? "nothing" : "\"\(shown)\"")")
        }
        do {
            return try JSONDecoder().decode(FaceAnchorOutput.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            throw FaceBenchmarkError(
                stage: "anchor output", subject: Self.field(of: error), detail: Self.detail(of: error))
        } catch {
            throw FaceBenchmarkError(stage: "anchor output", subject: "stdout", detail: "\(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        let parts = keys.map { key in key.intValue.map { "[\($0)]" } ?? "." + key.stringValue }
        let joined = parts.joined()
        return joined.isEmpty ? "(top level)" : String(joined.drop { $0 == "." })
    }

    private static func field(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): path(context.codingPath + [key])
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path(context.codingPath)
        @unknown default: "(unknown)"
        }
    }

    private static func detail(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound: "missing, expected the field to be present"
        case .typeMismatch(let type, let context): "expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, _): "null, expected \(type)"
        case .dataCorrupted(let context):
            "malformed, " + context.debugDescription
                + ((context.underlyingError as NSError?).map { " (\($0.localizedDescription))" } ?? "")
        @unknown default: "\(error)"
        }
    }
}

/// One image as the anchor saw it.
public struct FaceAnchorImage: Sendable, Hashable, Decodable {
    /// The image path as passed.
    public let image: String
    /// Image width.
    public let width: Int
    /// Image height.
    public let height: Int
    /// Faces found.
    public let faces: Int
    /// HOG detection time, ms.
    public let detectMs: Double
    /// Landmarks + encoding time of the first face, ms; nil without a face.
    public let encodeMs: Double?
    /// Detection + encoding, ms.
    public let totalMs: Double
    /// The first face's box (already trimmed to the image as face_recognition does); nil without a face.
    public let box: FaceAnchorBox?
    /// The first face's 128-D embedding; nil without a face or with `--no-embeddings`.
    public let embedding: [Double]?

    enum CodingKeys: String, CodingKey {
        case image, width, height, faces, box, embedding
        case detectMs = "detect_ms"
        case encodeMs = "encode_ms"
        case totalMs = "total_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        image = try c.decode(String.self, forKey: .image)
        width = try c.decode(Int.self, forKey: .width)
        height = try c.decode(Int.self, forKey: .height)
        faces = try c.decode(Int.self, forKey: .faces)
        detectMs = try c.decode(Double.self, forKey: .detectMs)
        encodeMs = try c.decodeIfPresent(Double.self, forKey: .encodeMs)
        totalMs = try c.decode(Double.self, forKey: .totalMs)
        box = try c.decodeIfPresent(FaceAnchorBox.self, forKey: .box)
        embedding = try c.decodeIfPresent([Double].self, forKey: .embedding)
        if let embedding, embedding.count != 128 {
            throw DecodingError.dataCorruptedError(
                forKey: .embedding, in: c, debugDescription: "\(embedding.count) values, expected 128")
        }
        if faces > 0, box == nil {
            throw DecodingError.keyNotFound(
                CodingKeys.box, .init(codingPath: c.codingPath, debugDescription: "faces > 0 but no box"))
        }
    }
}

/// A box in face_recognition's trimmed coordinates (right and bottom may equal the image size).
public struct FaceAnchorBox: Sendable, Hashable, Decodable {
    /// Leftmost column.
    public let left: Int
    /// Top row.
    public let top: Int
    /// Right edge.
    public let right: Int
    /// Bottom edge.
    public let bottom: Int

    /// Creates a box from its edges.
    public init(left: Int, top: Int, right: Int, bottom: Int) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }
}
