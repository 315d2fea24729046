import FaceRecognition

/// Raw and protected verification figures over labelled embeddings (what `attendctl face evaluate` prints).
public struct FaceEvaluationReport: Sendable, Hashable, Codable {
    /// Euclidean distance on raw embeddings, threshold 0.6.
    public let raw: VerificationFigures
    /// Distance between protected templates, threshold from `ProtectedFaceMatcher`.
    public let protected: VerificationFigures
    /// Number of subjects.
    public let subjects: Int
    /// Number of embeddings.
    public let embeddings: Int
}

/// All-pairs evaluation of one embedding set.
public enum FaceEvaluation {
    /// Compares every pair of embeddings (same subject = genuine) raw and protected with `protector`,
    /// and runs leave-one-out rank-1 identification; nil if there is no genuine or no impostor pair.
    public static func evaluate(
        _ subjects: [String: [FaceEmbedding]], protector: FaceTemplateProtector,
        protectedThreshold: Int = ProtectedFaceMatcher.defaultThreshold
    ) -> FaceEvaluationReport? {
        var labels: [Int] = []
        var embeddings: [FaceEmbedding] = []
        for (index, name) in subjects.keys.sorted().enumerated() {
            for embedding in subjects[name] ?? [] {
                labels.append(index)
                embeddings.append(embedding)
            }
        }
        let templates = embeddings.map(protector.protect)
        let raw = figures(labels: labels, threshold: FaceEmbedding.sameFaceThreshold) { a, b in
            embeddings[a].distance(to: embeddings[b])
        }
        let protectedDistanceThreshold = ProtectedFaceMatcher.distance(atThreshold: protectedThreshold)
        let protected = figures(labels: labels, threshold: protectedDistanceThreshold) { a, b in
            // One key version by construction, so the comparison cannot fail.
            (try? templates[a].distance(to: templates[b])) ?? .infinity
        }
        guard let raw, let protected else { return nil }
        return FaceEvaluationReport(
            raw: raw, protected: protected, subjects: Set(labels).count, embeddings: embeddings.count)
    }

    private static func figures(
        labels: [Int], threshold: Double, distance: (Int, Int) -> Double
    ) -> VerificationFigures? {
        let n = labels.count
        var genuine: [Double] = []
        var impostor: [Double] = []
        var nearest = [(distance: Double, label: Int)](repeating: (.infinity, -1), count: n)
        for a in 0..<n {
            for b in (a + 1)..<max(n, a + 1) {
                let d = distance(a, b)
                if labels[a] == labels[b] { genuine.append(d) } else { impostor.append(d) }
                if d < nearest[a].distance { nearest[a] = (d, labels[b]) }
                if d < nearest[b].distance { nearest[b] = (d, labels[a]) }
            }
        }
        guard !genuine.isEmpty, !impostor.isEmpty else { return nil }
        let correct = (0..<n).filter { nearest[$0].label == labels[$0] }.count
        return VerificationFigures(
            genuine: genuine, impostor: impostor, rank1: Double(correct) / Double(n), threshold: threshold)
    }
}
