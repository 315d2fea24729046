import Dispatch
import Foundation
import Synchronization

/// The gadget's blocking threads (ep0, bulk OUT, bulk IN, control): each runs its loop on a thread of
/// its own, never on Swift's cooperative pool, until `stop` is asked; `join` waits for them.
final class GadgetThreads: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let running = DispatchGroup()

    /// Whether the gadget is shutting down; loops check it after every blocking call returns.
    var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// Starts `loop` on a new thread named `name`.
    func spawn(_ name: String, _ loop: @escaping @Sendable () -> Void) {
        running.enter()
        let thread = Thread { [running] in
            loop()
            running.leave()
        }
        thread.name = name
        thread.start()
    }

    /// Asks every loop to end (they notice when their blocking call returns).
    func stop() {
        stopping.store(true, ordering: .releasing)
    }

    /// Waits until every loop has returned, at most `timeout`; false when some are still blocked.
    func join(timeout: Duration) -> Bool {
        running.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds * 1000))) == .success
    }
}
