import Biometrics

/// Compares protected face templates of one key version by Hamming distance.
///
/// Score = 1000 × (1 − Hamming / bits). The default threshold 730 accepts Hamming / bits ≤ 0.27, a false
/// accept rate of about 1e-3 on ORL s1-s20 (grey faces, 512 bits, 19,000 impostor pairs): with random
/// keys the distance below which 0.1 % of impostor pairs fall was 0.264-0.275, and 94-97 % of the
/// genuine pairs fell below it. ORL is the only grey (IR-like) face set at hand, so the operating point
/// is calibrated on it; the EER that `FaceEvaluation` reports does not depend on it.
public struct ProtectedFaceMatcher: Matcher {
    /// Default decision threshold (per mille of agreeing bits).
    public static let defaultThreshold = 730

    /// The protected-template algorithm (key version and bit count) this matcher accepts.
    public let algorithm: AlgorithmID
    /// Scores at or above this are the same face.
    public let threshold: Int
    /// Key version the templates must carry.
    public let keyVersion: UInt32

    /// A matcher for templates made by `protector`.
    public init(protector: FaceTemplateProtector, threshold: Int = defaultThreshold) {
        algorithm = protector.algorithm
        keyVersion = protector.keyVersion
        self.threshold = threshold
    }

    /// The similarity score (see `similarity`).
    public func score(_ probe: Template, _ reference: Template) async throws -> Int {
        try similarity(probe, reference)
    }

    /// The score, synchronously; throws for another algorithm, modality or a malformed template.
    public func similarity(_ probe: Template, _ reference: Template) throws(ProtectedTemplateError) -> Int {
        let a = try parse(probe)
        let b = try parse(reference)
        let distance = try a.hammingDistance(to: b)
        return Self.score(hamming: distance, bitCount: a.bitCount)
    }

    /// 1000 × (1 − hamming / bitCount), rounded.
    public static func score(hamming: Int, bitCount: Int) -> Int {
        Int((1000 * Double(bitCount - hamming) / Double(bitCount)).rounded())
    }

    private func parse(_ template: Template) throws(ProtectedTemplateError) -> ProtectedFaceTemplate {
        guard template.modality == .face else { throw .wrongModality(template.modality) }
        guard template.algorithm == algorithm else { throw .wrongAlgorithm(found: template.algorithm, expected: algorithm) }
        let parsed = try ProtectedFaceTemplate(data: template.data)
        guard parsed.keyVersion == keyVersion else {
            throw .keyVersionMismatch(probe: parsed.keyVersion, reference: keyVersion)
        }
        return parsed
    }
}
