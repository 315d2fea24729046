import Synchronization

/// Lets one legacy photo enrollment run at a time: a `push_user_face` arriving while another is still
/// downloading or decoding is answered 101 at once instead of queueing behind it.
final class PhotoEnrollmentGate: Sendable {
    private let running = Mutex(false)

    /// Takes the gate; false when another photo enrollment holds it.
    func enter() -> Bool {
        running.withLock { running in
            guard !running else { return false }
            running = true
            return true
        }
    }

    /// Gives the gate back.
    func leave() {
        running.withLock { $0 = false }
    }
}
