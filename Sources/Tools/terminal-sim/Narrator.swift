import Foundation
import Measuring
import WeComCloudSim

/// Prints the demo's story: the time since the demo started, who acts, what happened.
struct Narrator: Sendable {
    private let start = ContinuousClock.now

    func say(_ who: String, _ text: String) {
        let elapsed = start.duration(to: .now)
        let seconds = elapsed.seconds
        emit(String(format: "%7.2fs ", seconds) + who.padding(toLength: 7, withPad: " ", startingAt: 0) + " " + text)
    }

    /// Cloud events worth reading; heartbeats and plain "ok" answers are left out.
    func cloud(_ event: CloudEvent) {
        switch event {
        case .requestReceived(_, _, "ping", _): return
        case .responseSent(_, _, _, 0, _): return
        case .connected: return
        default: break
        }
        let line = CloudNarration.describe(event)
        say("cloud", String(line.dropFirst(8)))
    }
}
