import Biometrics
import Foundation

/// The moment of an enrollment or upload at which the soak kills the daemon.
enum SoakMoment: String, Codable, CaseIterable, Sendable {
    /// Shortly after the "Processing" prompt: the template is being built, checked for duplicates and
    /// committed (store transaction and outbox row).
    case commit
    /// Right after the console says the enrollment is committed: the result is about to be uploaded.
    case committed
    /// Shortly after `upload_userinfo` is written: the frame is on its way or being answered. Also
    /// fires on the re-push a restarted daemon makes of its outbox.
    case uploadSent = "upload_sent"
    /// When the cloud has received (and applied) an upload: it holds the template, the terminal has
    /// not yet seen the answer, so the row is still in its outbox.
    case cloudApplied = "cloud_applied"
    /// A uniformly random instant within a few seconds of the push (connecting, polling the finger,
    /// between presses, idle).
    case random
    /// The trigger never came (e.g. the enrollment failed before its commit): killed after a timeout.
    case fallback

    /// The moments the soak picks from, with weights that favour commit and upload.
    static let weighted: [(SoakMoment, Int)] = [
        (.commit, 25), (.committed, 10), (.uploadSent, 25), (.cloudApplied, 25), (.random, 15),
    ]
}

/// A console line that kills the daemon, `delay` after it is seen.
struct SoakTrigger: Sendable {
    let moment: SoakMoment
    let delay: Duration

    func matches(_ line: String) -> Bool {
        switch moment {
        case .commit: line.contains("prompt") && line.contains("Processing")
        case .committed: line.contains(" enrolled into ")
        case .uploadSent: line.contains("→ upload_userinfo")
        case .cloudApplied, .random, .fallback: false
        }
    }
}

/// One kill -9 of the soak, as recorded in soak.json.
struct SoakKill: Codable, Sendable {
    let moment: SoakMoment
    /// The console line (or cloud event) that triggered it.
    let detail: String
    let delayMs: Double
    let daemonUptimeMs: Double
    let generation: Int
}

/// The soak's seeded generator, so that a run's choices can be replayed with `--seed`.
typealias SoakRandom = SplitMix64

extension SplitMix64 {
    /// A moment drawn with `SoakMoment.weighted`'s weights.
    mutating func moment() -> SoakMoment {
        let total = SoakMoment.weighted.reduce(0) { $0 + $1.1 }
        var pick = Int.random(in: 0..<total, using: &self)
        for (moment, weight) in SoakMoment.weighted {
            if pick < weight { return moment }
            pick -= weight
        }
        return .random
    }

    /// How long after its trigger line the kill lands: within the commit's or the upload's few milliseconds.
    mutating func delay(for moment: SoakMoment) -> Duration {
        switch moment {
        case .commit: .microseconds(Int.random(in: 0...40_000, using: &self))
        case .uploadSent: .microseconds(Int.random(in: 0...8_000, using: &self))
        case .random: .milliseconds(Int.random(in: 0...4_000, using: &self))
        case .committed, .cloudApplied, .fallback: .zero
        }
    }
}
