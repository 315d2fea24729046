import Synchronization
import TerminalDaemon

/// Keeps every event the terminal reports, in order, for assertions and for tests that act on prompts.
public final class RecordingReporter: TerminalReporter {
    private let recorded = Mutex<[TerminalEvent]>([])

    public init() {}

    public func report(_ event: TerminalEvent) { recorded.withLock { $0.append(event) } }

    /// Every event so far.
    public var events: [TerminalEvent] { recorded.withLock { $0 } }
}
