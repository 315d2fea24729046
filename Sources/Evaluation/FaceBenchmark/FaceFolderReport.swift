/// What `attendctl face evaluate DIR` prints: raw and protected figures of a `subject/image` folder.
public struct FaceFolderReport: Sendable, Hashable, Codable {
    /// The evaluated folder.
    public let folder: String
    /// Figures on raw embeddings (Euclidean distance).
    public let raw: FaceFigures
    /// Figures on protected templates (distance between their levels).
    public let protected: FaceFigures
    /// Median detection + landmarks + embedding time per image with a face, in milliseconds.
    public let frameMsMedian: Double
    /// Images read.
    public let images: Int
    /// Images in which no face was found (left out of the figures).
    public let noFace: Int
    /// Subjects with at least one embedding.
    public let subjects: Int
    /// Embeddings compared.
    public let embeddings: Int
    /// Version of the protection key used.
    public let keyVersion: UInt32
    /// "random" (a fresh key generated for this run) or "given".
    public let keySource: String

    enum CodingKeys: String, CodingKey {
        case folder, raw, protected, images, subjects, embeddings
        case frameMsMedian = "frame_ms_median"
        case noFace = "no_face"
        case keyVersion = "key_version"
        case keySource = "key_source"
    }

    /// A few lines for people.
    public var text: String {
        """
        folder: \(folder)
        images: \(images), no face: \(noFace), subjects: \(subjects), embeddings: \(embeddings)
        raw:       \(raw.summary)
        protected: \(protected.summary) [key v\(keyVersion), \(keySource)]
        frame (detect + landmarks + embedding): median \(NumberText.fixed(frameMsMedian, decimals: 1)) ms
        """
    }
}
