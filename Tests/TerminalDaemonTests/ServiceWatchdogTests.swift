import ClockTesting
import Foundation
import Synchronization
import TerminalDaemon
import TerminalTesting
import Testing

/// What the watchdog did: pings sent, lines reported; and the health the test sets.
private final class WatchdogProbe: Sendable {
    private let state = Mutex<(pings: Int, reports: [String], problem: String?, hang: Bool)>((0, [], nil, false))
    var pings: Int { state.withLock { $0.pings } }
    var reports: [String] { state.withLock { $0.reports } }
    func setProblem(_ problem: String?) { state.withLock { $0.problem = problem } }
    func setHang(_ hang: Bool) { state.withLock { $0.hang = hang } }

    func watchdog(clock: ManualClock) -> ServiceWatchdog {
        ServiceWatchdog(
            timeout: .seconds(30), clock: clock,
            check: {
                if self.state.withLock({ $0.hang }) { try? await Task.sleep(for: .seconds(3600)) }
                return self.state.withLock { $0.problem }
            },
            ping: { self.state.withLock { $0.pings += 1 } },
            report: { line in self.state.withLock { $0.reports.append(line) } })
    }
}

@Suite("Service watchdog: WATCHDOG=1 only while the daemon is healthy")
struct ServiceWatchdogTests {
    @Test("pings every half timeout while healthy")
    func pingsWhileHealthy() async throws {
        let clock = ManualClock()
        let probe = WatchdogProbe()
        let watchdog = probe.watchdog(clock: clock)
        #expect(watchdog.interval == .seconds(15))
        let running = Task { try await watchdog.run() }
        defer { running.cancel() }
        #expect(await eventuallyHolds { probe.pings == 1 })
        for turn in 2...4 {
            #expect(
                await eventuallyHolds {
                    clock.advance(by: .seconds(15))
                    return probe.pings >= turn
                })
        }
        #expect(probe.reports.isEmpty)
    }

    @Test("withholds the ping while unhealthy, says so once, and resumes when healthy again")
    func withholdsWhileUnhealthy() async throws {
        let clock = ManualClock()
        let probe = WatchdogProbe()
        probe.setProblem("device thread not turning: USBContext.events silent for 25 s")
        let running = Task { try await probe.watchdog(clock: clock).run() }
        defer { running.cancel() }
        #expect(await eventuallyHolds { probe.reports.count == 1 })
        for _ in 0..<5 {
            clock.advance(by: .seconds(15))
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(probe.pings == 0)
        #expect(
            probe.reports == [
                "watchdog: not vouching for the daemon: device thread not turning: USBContext.events silent for 25 s"
            ])

        probe.setProblem(nil)
        #expect(
            await eventuallyHolds {
                clock.advance(by: .seconds(15))
                return probe.pings >= 1
            })
        #expect(probe.reports.last == "watchdog: healthy again")
    }

    @Test("a health check that never answers counts as unhealthy")
    func stuckCheckIsUnhealthy() async throws {
        let clock = ManualClock()
        let probe = WatchdogProbe()
        probe.setHang(true)
        let running = Task { try await probe.watchdog(clock: clock).run() }
        defer { running.cancel() }
        #expect(
            await eventuallyHolds {
                clock.advance(by: .seconds(15))
                return !probe.reports.isEmpty
            })
        #expect(probe.pings == 0)
        #expect(
            probe.reports.first?.contains("the health check did not answer within 15.0 seconds") == true,
            "\(probe.reports)")
    }
}
