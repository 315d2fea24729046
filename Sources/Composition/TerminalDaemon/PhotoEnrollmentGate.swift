import Synchronization

/// Lets one legacy photo enrollment run at a time: a `push_user_face` arriving while another is still
/// downloading or decoding is answered 101 at once instead of queueing behind it.
final class PhotoEnrollmentGate: Sendable {
    private let running = Mutex(false)

    /// Takes the gate; nil when another photo enrollment holds it.
    func enter() -> Ticket? {
        let entered = running.withLock { running in
            guard !running else { return false }
            running = true
            return true
        }
        return entered ? Ticket(gate: self) : nil
    }

    fileprivate func leave() {
        running.withLock { $0 = false }
    }

    /// The right to run, given back once: before the push's last result goes out (so a push the cloud
    /// sends on seeing that result is not refused 101), or when the enrollment ends, whichever is first.
    final class Ticket: Sendable {
        private let gate: PhotoEnrollmentGate
        private let held = Mutex(true)

        fileprivate init(gate: PhotoEnrollmentGate) { self.gate = gate }

        /// Gives the gate back; later calls do nothing.
        func leave() {
            guard
                held.withLock({ held in
                    defer { held = false }
                    return held
                })
            else { return }
            gate.leave()
        }
    }
}
