import DeviceSetup
import Foundation
import Measuring
import ServiceLifecycle
import Synchronization
import TerminalDaemon

/// Serves the control socket (`attendctl enroll cancel`) until the graceful shutdown, which reaches
/// it first (it is started last), so no operator command races the shutdown's own steps.
struct ControlService: Service {
    let server: ControlServer
    let terminal: Terminal
    let shutdown: ShutdownWatch
    /// Tells the service manager the daemon is stopping (systemd's STOPPING=1).
    let shutdownStarted: @Sendable () -> Void

    func run() async throws {
        await withGracefulShutdownHandler {
            await cancelWhenGracefulShutdown {
                await server.serve { command in await terminal.handleControl(command) }
            }
        } onGracefulShutdown: {
            shutdownStarted()
            shutdown.started()
        }
    }
}

/// When the graceful shutdown began, to say how long it took; and the last resort past its budget.
final class ShutdownWatch: Sendable {
    private let start = Mutex<ContinuousClock.Instant?>(nil)
    /// After the whole budget (graceful steps, then cancellation) the process exits regardless.
    private let limit: Duration
    private let overrun: @Sendable (Duration) -> Void

    init(limit: Duration, overrun: @escaping @Sendable (Duration) -> Void) {
        self.limit = limit
        self.overrun = overrun
    }

    /// Notes the start (once) and arms the watchdog on a thread of its own: the cooperative pool may
    /// be what is stuck.
    func started() {
        let first = start.withLock { start in
            defer { start = start ?? .now }
            return start == nil
        }
        guard first else { return }
        let (limit, overrun) = (limit, overrun)
        Thread {
            Thread.sleep(forTimeInterval: limit.seconds)
            overrun(limit)
        }.start()
    }

    /// Time since the shutdown began; nil when it never did (the daemon stopped for another reason).
    var elapsed: Duration? {
        start.withLock { $0 }.map { $0.duration(to: .now) }
    }
}
