import Biometrics

/// How clearly a score passed its threshold, for events (never the raw score on a screen).
public enum ScoreBand: String, Sendable, Hashable, Codable {
    /// Within a quarter of the threshold above it.
    case marginal
    /// Up to twice the threshold.
    case clear
    /// Twice the threshold or more.
    case strong

    /// The band of `score` against `threshold` (a score below the threshold is marginal: the search
    /// accepted it on its own scale).
    public init(score: Int, threshold: Int) {
        // In Double: no wire or config value can make the comparison trap.
        let ratio = Double(score) / Double(max(1, threshold))
        self = ratio >= 2 ? .strong : ratio >= 1.25 ? .clear : .marginal
    }
}

/// One identification's result: who (or nobody), how, and how long from finger-down or face-in-view.
public struct RecognitionVerdict: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case recognised(userid: UserID, slot: SlotID, score: Int, band: ScoreBand)
        case notRecognised
    }

    public var modality: Modality
    public var outcome: Outcome
    /// From the finger touching the sensor (or the frame being asked for) to the verdict.
    public var latency: Duration

    public init(modality: Modality, outcome: Outcome, latency: Duration) {
        self.modality = modality
        self.outcome = outcome
        self.latency = latency
    }

    /// The member recognised, nil for a stranger.
    public var userid: UserID? {
        if case .recognised(let userid, _, _, _) = outcome { userid } else { nil }
    }
}

/// What the loop did with a verdict.
public enum RecognitionDecision: Sendable, Hashable {
    /// A new passage: recorded and sent.
    case passage
    /// The same member within the repeat window: no second passage.
    case repeated
    /// Nobody: a refusal event, never a passage.
    case refused
}
