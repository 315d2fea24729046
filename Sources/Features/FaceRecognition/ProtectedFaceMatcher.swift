import Biometrics

/// Compares protected face templates of one key version by the distance between their levels.
///
/// Score = 1000 × (1 − distance), at least 0, with distance between unit-length faces (see
/// `ProtectedFaceTemplate.distance`). The default threshold 625 accepts distance ≤ 0.375, a false accept
/// rate of about 1e-3 on ORL s1-s20 (grey faces, 19,000 impostor pairs): over 10 random keys the
/// distance below which 0.1 % of impostor pairs fall was 0.373-0.381, and 98-99 % of the genuine pairs
/// fell below it. (dlib's customary 0.6 on raw embeddings is about 0.42 here.) ORL is the only grey
/// (IR-like) face set at hand, so the operating point is calibrated on it; the EER that
/// `FaceEvaluation` reports does not depend on it.
public struct ProtectedFaceMatcher: Matcher {
    /// Default decision threshold (score per mille).
    public static let defaultThreshold = 625

    /// Decision threshold of 1:N identification over a gallery of up to 10,000 faces (the recognition
    /// loop). A search over N entries accepts a stranger when any of N comparisons reaches the threshold:
    /// FPIR ≈ 1 − (1 − FMR)^N, so an FPIR of about 1 % at N = 10,000 needs FMR ≈ 1e-6 per comparison,
    /// a thousand times lower than `defaultThreshold`'s 1e-3. Measured by `attendance-bench identify`
    /// (docs/identification.md): ORL s1-s20, one enrolled image per member, galleries padded to 10,000
    /// with synthetic faces (Gaussian draws with the real embeddings' mean and covariance), 3.8 million
    /// probe-versus-stranger comparisons: 7.9e-7 reach 700 (1.3e-5 reach 680, none 720); the lowest
    /// threshold under 1e-6 was 694. The margin is in the padding: at the 1:1 threshold the synthetic
    /// strangers reach 625 seven to ten times as often as ORL's real strangers do, so 700 is
    /// conservative. The cost is FNIR: about 18 % of ORL's probes (which turn and tilt far more
    /// than the quality gates let through) miss at 700, against under 1 % at 625.
    public static let identificationThreshold = 700

    /// The 1:N threshold for the gallery at hand: `defaultThreshold` (FMR about 1e-3) up to ten faces,
    /// rising to `identificationThreshold` at 10,000 (about 650 at 100 faces, 675 at 1,000).
    public static let identificationRule = IdentificationThreshold(
        loose: defaultThreshold, looseFMR: 1e-3, strict: identificationThreshold, strictFMR: 1e-6)

    /// A matcher for templates made by `protector`, deciding at `identificationThreshold`.
    public static func identification(protector: FaceTemplateProtector) -> ProtectedFaceMatcher {
        ProtectedFaceMatcher(protector: protector, threshold: identificationThreshold)
    }

    /// The protected-template algorithm (scheme and key version) this matcher accepts.
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
        return Self.score(distance: try a.distance(to: b))
    }

    /// 1000 × (1 − distance), rounded, at least 0.
    public static func score(distance: Double) -> Int {
        max(0, Int((1000 * (1 - distance)).rounded()))
    }

    /// The largest distance a score of `threshold` accepts.
    public static func distance(atThreshold threshold: Int) -> Double {
        1 - Double(threshold) / 1000
    }

    private func parse(_ template: Template) throws(ProtectedTemplateError) -> ProtectedFaceTemplate {
        guard template.modality == .face else { throw .wrongModality(template.modality) }
        guard template.algorithm == algorithm else {
            throw .wrongAlgorithm(found: template.algorithm, expected: algorithm)
        }
        let parsed = try ProtectedFaceTemplate(data: template.data)
        guard parsed.keyVersion == keyVersion else {
            throw .keyVersionMismatch(probe: parsed.keyVersion, reference: keyVersion)
        }
        return parsed
    }
}
