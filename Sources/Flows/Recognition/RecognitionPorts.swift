import Biometrics

/// Where recognition finds the templates to search.
public protocol RecognitionGallery: Sendable {
    /// Every stored template of `modality` and `algorithm`.
    func candidates(modality: Modality, algorithm: AlgorithmID) async throws -> [StoredTemplate]
}

/// Where verdicts go: a passage is committed before this returns; every verdict is an event.
public protocol RecognitionSink: Sendable {
    func record(_ verdict: RecognitionVerdict, decision: RecognitionDecision) async
    /// A sensor or search failed; the loop backs off and goes on.
    func fault(_ modality: Modality, _ description: String) async
}
