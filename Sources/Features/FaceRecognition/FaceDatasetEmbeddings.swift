import Measuring

/// Embeddings of a labelled image set, with what `attendctl face evaluate` reports besides the figures.
public struct FaceDatasetEmbeddings: Sendable {
    /// Subject → embeddings of the images where a face was found (the best-scoring face of each).
    public private(set) var subjects: [String: [FaceEmbedding]] = [:]
    /// Images offered.
    public private(set) var images = 0
    /// Images without a detected face.
    public private(set) var noFace = 0
    /// Detection + landmarks + embedding time of each image with a face, in milliseconds.
    public private(set) var frameMilliseconds: [Double] = []

    /// Creates an empty set.
    public init() {}

    /// Median of `frameMilliseconds`; nil when no face was found.
    public var frameMillisecondsMedian: Double? {
        Statistics.median(frameMilliseconds)
    }

    /// Detects, aligns and embeds `input` for `subject`, timing it with `clock`. Blocking (see `FaceAnalyzer`).
    public mutating func add<C: Clock>(
        _ input: FaceInput, subject: String, analyzer: FaceAnalyzer, clock: C
    ) throws(FaceAnalysisError) where C.Duration == Duration {
        images += 1
        let start = clock.now
        guard let detection = try analyzer.detectFaces(in: input).first else {
            noFace += 1
            return
        }
        let embedding = try analyzer.embedding(in: input, box: detection.box)
        let elapsed = start.duration(to: clock.now)
        frameMilliseconds.append(
            Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        subjects[subject, default: []].append(embedding)
    }
}
