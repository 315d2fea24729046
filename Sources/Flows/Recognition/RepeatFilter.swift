import Biometrics

/// Decides whether a verdict is a new passage: a member recognised again within the repeat window makes
/// none, and a stranger is refused once per stranger window, not once a frame.
struct RepeatFilter: Sendable {
    private var lastPassage: [UserID: Duration] = [:]
    private var lastRefusal: [Modality: Duration] = [:]
    let window: Duration
    let strangerWindow: Duration

    init(window: Duration, strangerWindow: Duration) {
        self.window = window
        self.strangerWindow = strangerWindow
    }

    /// The decision for `verdict` at `now`; nil when a stranger's refusal is swallowed as a repeat.
    mutating func decide(_ verdict: RecognitionVerdict, at now: Duration) -> RecognitionDecision? {
        guard let userid = verdict.userid else {
            if let last = lastRefusal[verdict.modality], now - last < strangerWindow { return nil }
            lastRefusal[verdict.modality] = now
            return .refused
        }
        lastRefusal[verdict.modality] = nil
        if let last = lastPassage[userid], now - last < window { return .repeated }
        lastPassage[userid] = now
        prune(now: now)
        return .passage
    }

    /// Drops members whose window has passed, so the table stays as small as the recent crowd.
    private mutating func prune(now: Duration) {
        guard lastPassage.count > 1024 else { return }
        lastPassage = lastPassage.filter { now - $0.value < window }
    }
}
