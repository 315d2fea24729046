import Foundation
import TerminalTesting

/// A finger that follows the daemon's prompts as the daemon prints them (the daemon is another process):
/// on the module gadget it is placed at "Place your finger" / "Press the same finger again" / "… press
/// again" and lifted at "Lift your finger", "Processing" and when the enrollment ends.
struct DaemonPromptFollower {
    let daemon: SpawnedProcess
    let gadget: GadgetProcess

    /// Follows the prompts of `operID` until its enrollment ends; returns the prompts seen, in order.
    /// The bound (polls, not wall time) only keeps a broken build from hanging.
    @discardableResult
    func follow(_ operID: String, finger: String, polls: Int = 30_000) async throws -> [String] {
        var seen: [String] = []
        var placed = false
        for _ in 0..<polls {
            let prompts = Self.prompts(of: operID, in: daemon.output)
            for prompt in prompts.dropFirst(seen.count) {
                seen.append(prompt)
                switch Self.action(for: prompt) {
                case .place where !placed:
                    try gadget.send("place \(finger)")
                    placed = true
                case .lift where placed:
                    try gadget.send("lift")
                    placed = false
                case .end:
                    if placed { try gadget.send("lift") }
                    return seen
                default:
                    break
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw GadgetTestError("the enrollment \(operID) never ended; prompts: \(seen)\n\(daemon.output)")
    }

    enum Action { case place, lift, end, none }

    static func action(for prompt: String) -> Action {
        if prompt.hasPrefix("Place your finger") || prompt.hasPrefix("Press the same finger again")
            || prompt.contains("press again")
        {
            return .place
        }
        if prompt.hasPrefix("Lift your finger") || prompt.hasPrefix("Processing")
            || prompt.hasPrefix("Presses did not match")
        {
            return .lift
        }
        if prompt.hasPrefix("Enrolled") || prompt.hasPrefix("Enrollment failed")
            || prompt.hasPrefix("Enrollment cancelled")
        {
            return .end
        }
        return .none
    }

    /// The English prompt texts the daemon printed for `operID`, in order.
    static func prompts(of operID: String, in output: String) -> [String] {
        output.split(separator: "\n").compactMap { line in
            guard let start = line.range(of: "prompt  [\(operID) +"),
                let close = line[start.upperBound...].range(of: "] ")
            else { return nil }
            return String(line[close.upperBound...])
        }
    }
}
