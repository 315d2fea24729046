import Glibc

/// The signals that drive the gadget, taken with `sigwait` on the main thread: SIGUSR1 unplugs,
/// SIGUSR2 replugs, SIGTERM/SIGINT/SIGHUP end it cleanly. Blocked before any thread starts, so every
/// thread inherits the mask and none is interrupted by them.
struct GadgetSignals {
    enum Command { case unplug, replug, quit }

    private var set = sigset_t()

    /// Blocks the signals in the calling thread (call first, before any thread exists).
    static func block() -> GadgetSignals {
        var signals = GadgetSignals()
        sigemptyset(&signals.set)
        for signal in [SIGUSR1, SIGUSR2, SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals.set, signal) }
        pthread_sigmask(SIG_BLOCK, &signals.set, nil)
        return signals
    }

    /// Waits for the next signal.
    func next() -> Command {
        while true {
            var set = self.set
            var signal: Int32 = 0
            guard sigwait(&set, &signal) == 0 else { continue }
            switch signal {
            case SIGUSR1: return .unplug
            case SIGUSR2: return .replug
            default: return .quit
            }
        }
    }
}
