/// Our pipeline next to the NBIS anchor on one folder, with the targets.
public struct AnchorComparison: Sendable, Hashable, Codable {
    /// bozorth3's comparison time as quoted in issue 5 (≈ 350 µs); a constant, not measured here.
    public static let bozorth3QuotedMicroseconds = 350.0
    /// Target: our extraction at most this fraction of NBIS's (issue 18; issue 5 asked 0.5).
    public static let extractRatioTarget = 0.2
    /// Target: our median comparison time, µs (issue 18; issue 5 asked 35).
    public static let compareTargetMicroseconds = 50.0

    /// Our median extraction time per image, ms.
    public var extractMillisecondsOurs: Double?
    /// NBIS's median extraction time per image (libfprint's log), ms.
    public var extractMillisecondsNBIS: Double?
    /// Ours / NBIS extraction time.
    public var extractRatio: Double?
    /// Target for `extractRatio` (`extractRatioTarget`).
    public var extractRatioTarget: Double
    /// Whether `extractRatio` meets its target; nil without NBIS figures.
    public var extractWithinTarget: Bool?
    /// Genuine probes we accepted.
    public var genuineAcceptedOurs: Int
    /// Genuine probes we tried.
    public var genuineTotalOurs: Int
    /// Genuine probes NBIS accepted.
    public var genuineAcceptedNBIS: Int?
    /// Genuine probes NBIS tried.
    public var genuineTotalNBIS: Int?
    /// Ours accepts at least as many genuine probes as NBIS, with no false match.
    public var genuineTargetMet: Bool?
    /// Our false matches, counted per probe × other-finger attempt.
    public var falseMatchesOurs: Int
    /// Our impostor attempts (probe × other finger).
    public var impostorTotalOurs: Int
    /// Our probes whose identification against all other fingers matched one (counted like NBIS).
    public var falseMatchProbesOurs: Int
    /// NBIS false matches, counted per probe whose identification matched another finger.
    public var falseMatchesNBIS: Int?
    /// NBIS identifications (one per probe).
    public var impostorProbesNBIS: Int?
    /// Our median comparison time, µs (measured).
    public var compareMicrosecondsOurs: Double
    /// bozorth3's comparison time, µs: the constant quoted in the issue, not measured.
    public var compareMicrosecondsBozorth3Quoted: Double
    /// Ours / the quoted bozorth3 time.
    public var compareRatio: Double
    /// Target for our comparison time, µs (`compareTargetMicroseconds`).
    public var compareTargetMicroseconds: Double
    /// Whether our comparison time meets its target.
    public var compareWithinTarget: Bool
    /// NBIS wall time of one verification (image transfer, extraction, comparison), ms.
    public var verifyMillisecondsNBIS: Double?
    /// NBIS wall time of one identification against all other fingers, ms.
    public var identifyMillisecondsNBIS: Double?

    enum CodingKeys: String, CodingKey {
        case extractMillisecondsOurs = "extract_ms_ours"
        case extractMillisecondsNBIS = "extract_ms_nbis"
        case extractRatio = "extract_ratio_ours_over_nbis"
        case extractRatioTarget = "extract_ratio_target"
        case extractWithinTarget = "extract_within_target"
        case genuineAcceptedOurs = "genuine_accepted_ours"
        case genuineTotalOurs = "genuine_total_ours"
        case genuineAcceptedNBIS = "genuine_accepted_nbis"
        case genuineTotalNBIS = "genuine_total_nbis"
        case genuineTargetMet = "genuine_at_least_nbis_without_false_match"
        case falseMatchesOurs = "false_matches_ours_per_pair"
        case impostorTotalOurs = "impostor_total_ours"
        case falseMatchProbesOurs = "false_matches_ours_per_probe"
        case falseMatchesNBIS = "false_matches_nbis_per_probe"
        case impostorProbesNBIS = "impostor_probes_nbis"
        case compareMicrosecondsOurs = "compare_us_ours"
        case compareMicrosecondsBozorth3Quoted = "compare_us_bozorth3_quoted_constant"
        case compareRatio = "compare_ratio_ours_over_quoted"
        case compareTargetMicroseconds = "compare_target_us"
        case compareWithinTarget = "compare_within_target"
        case verifyMillisecondsNBIS = "verify_ms_nbis"
        case identifyMillisecondsNBIS = "identify_ms_nbis"
    }

    /// Puts our image evaluation next to the anchor's figures (nil: the anchor did not run).
    public init(ours: FingerprintEvaluationReport, nbis: NBISAnchorResult?) {
        extractMillisecondsOurs = ours.extractMillisecondsMedian
        extractMillisecondsNBIS = nbis?.extractMillisecondsMedian
        if let mine = extractMillisecondsOurs, let theirs = extractMillisecondsNBIS, theirs > 0 {
            extractRatio = mine / theirs
            extractWithinTarget = mine / theirs <= Self.extractRatioTarget
        }
        extractRatioTarget = Self.extractRatioTarget
        genuineAcceptedOurs = ours.genuineAccepted
        genuineTotalOurs = ours.genuineTotal
        genuineAcceptedNBIS = nbis?.genuineAccepted
        genuineTotalNBIS = nbis?.genuineTotal
        genuineTargetMet = nbis.map { ours.genuineAccepted >= $0.genuineAccepted && ours.falseMatches == 0 }
        falseMatchesOurs = ours.falseMatches
        impostorTotalOurs = ours.impostorTotal
        falseMatchProbesOurs = ours.falseMatchProbes
        falseMatchesNBIS = nbis?.falseMatches
        impostorProbesNBIS = nbis?.impostorProbes
        compareMicrosecondsOurs = ours.compareMicrosecondsMedian
        compareMicrosecondsBozorth3Quoted = Self.bozorth3QuotedMicroseconds
        compareRatio = ours.compareMicrosecondsMedian / Self.bozorth3QuotedMicroseconds
        compareTargetMicroseconds = Self.compareTargetMicroseconds
        compareWithinTarget = ours.compareMicrosecondsMedian <= Self.compareTargetMicroseconds
        verifyMillisecondsNBIS = nbis?.verifyMillisecondsMedian
        identifyMillisecondsNBIS = nbis?.identifyMillisecondsMedian
    }

    /// Writes every key, nil figures as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(extractMillisecondsOurs, forKey: .extractMillisecondsOurs)
        try c.encode(extractMillisecondsNBIS, forKey: .extractMillisecondsNBIS)
        try c.encode(extractRatio, forKey: .extractRatio)
        try c.encode(extractRatioTarget, forKey: .extractRatioTarget)
        try c.encode(extractWithinTarget, forKey: .extractWithinTarget)
        try c.encode(genuineAcceptedOurs, forKey: .genuineAcceptedOurs)
        try c.encode(genuineTotalOurs, forKey: .genuineTotalOurs)
        try c.encode(genuineAcceptedNBIS, forKey: .genuineAcceptedNBIS)
        try c.encode(genuineTotalNBIS, forKey: .genuineTotalNBIS)
        try c.encode(genuineTargetMet, forKey: .genuineTargetMet)
        try c.encode(falseMatchesOurs, forKey: .falseMatchesOurs)
        try c.encode(impostorTotalOurs, forKey: .impostorTotalOurs)
        try c.encode(falseMatchProbesOurs, forKey: .falseMatchProbesOurs)
        try c.encode(falseMatchesNBIS, forKey: .falseMatchesNBIS)
        try c.encode(impostorProbesNBIS, forKey: .impostorProbesNBIS)
        try c.encode(compareMicrosecondsOurs, forKey: .compareMicrosecondsOurs)
        try c.encode(compareMicrosecondsBozorth3Quoted, forKey: .compareMicrosecondsBozorth3Quoted)
        try c.encode(compareRatio, forKey: .compareRatio)
        try c.encode(compareTargetMicroseconds, forKey: .compareTargetMicroseconds)
        try c.encode(compareWithinTarget, forKey: .compareWithinTarget)
        try c.encode(verifyMillisecondsNBIS, forKey: .verifyMillisecondsNBIS)
        try c.encode(identifyMillisecondsNBIS, forKey: .identifyMillisecondsNBIS)
    }
}
