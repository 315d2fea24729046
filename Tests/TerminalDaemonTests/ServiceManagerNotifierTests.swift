import Foundation
import SystemSupport
import TerminalTesting
import Testing

@Suite("sd_notify without libsystemd: READY, WATCHDOG and STOPPING reach $NOTIFY_SOCKET")
struct ServiceManagerNotifierTests {
    @Test("a notification arrives as one datagram at the socket $NOTIFY_SOCKET names")
    func sendsToPath() async throws {
        let listener = try NotifySocketListener(
            path: NSTemporaryDirectory() + "notify-\(getpid())-\(UUID().uuidString.prefix(6)).sock")
        defer { listener.stop() }
        let notifier = try #require(ServiceManagerNotifier(environment: ["NOTIFY_SOCKET": listener.path]))
        try notifier.send("READY=1\nSTATUS=store open")
        try notifier.send("WATCHDOG=1")
        #expect(await eventuallyHolds { listener.messages.count == 2 })
        #expect(listener.messages == ["READY=1\nSTATUS=store open", "WATCHDOG=1"])
        #expect(listener.count("READY=1") == 1)
    }

    @Test("no $NOTIFY_SOCKET, no notifier; a bad address or a missing socket is a clear error")
    func badAddresses() throws {
        #expect(ServiceManagerNotifier(environment: [:]) == nil)
        #expect(ServiceManagerNotifier(environment: ["NOTIFY_SOCKET": ""]) == nil)
        #expect(throws: ServiceNotifyError.address("relative.sock", "an absolute path or @abstract-name")) {
            try ServiceManagerNotifier(socketAddress: "relative.sock").send("READY=1")
        }
        let long = "/" + String(repeating: "x", count: 200)
        #expect(throws: ServiceNotifyError.address(long, "at most 107 bytes")) {
            try ServiceManagerNotifier(socketAddress: long).send("READY=1")
        }
        let missing = NSTemporaryDirectory() + "no-such-notify-\(getpid()).sock"
        let error = #expect(throws: ServiceNotifyError.self) {
            try ServiceManagerNotifier(socketAddress: missing).send("READY=1")
        }
        #expect(
            error?.description.contains("sendto \(missing): No such file or directory") == true,
            "\(String(describing: error))")
    }

    @Test("an abstract-namespace address (@name) is sent to without a file")
    func abstractAddress() throws {
        // Nobody listens on this name: the kernel refuses with ECONNREFUSED, proving the address was abstract
        // (a file path would have said ENOENT).
        let error = #expect(throws: ServiceNotifyError.self) {
            try ServiceManagerNotifier(socketAddress: "@attendance-test-\(getpid())").send("READY=1")
        }
        #expect(error?.description.contains("Connection refused") == true, "\(String(describing: error))")
    }

    @Test("the watchdog timeout: $WATCHDOG_USEC for this process only; garbage is no watchdog")
    func watchdogTimeout() {
        #expect(ServiceManagerNotifier.watchdogTimeout(environment: ["WATCHDOG_USEC": "30000000"]) == .seconds(30))
        #expect(
            ServiceManagerNotifier.watchdogTimeout(
                environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"], pid: 42)
                == nil)
        #expect(
            ServiceManagerNotifier.watchdogTimeout(
                environment: ["WATCHDOG_USEC": "5000000", "WATCHDOG_PID": "42"], pid: 42)
                == .seconds(5))
        for garbage in ["", "0", "-5", "30s", "99999999999999999999999"] {
            #expect(
                ServiceManagerNotifier.watchdogTimeout(environment: ["WATCHDOG_USEC": garbage]) == nil, "\(garbage)")
        }
        #expect(
            ServiceManagerNotifier.watchdogTimeout(environment: ["WATCHDOG_USEC": "\(UInt64.max)"])
                == .microseconds(Int64.max))
    }

    @Test("device threads: a heartbeat that stops beating is reported stuck; an ended one is not watched")
    func threadHeartbeats() {
        let start: UInt64 = 1_000_000_000_000
        let name = "test-thread-\(UUID().uuidString.prefix(6))"
        let heartbeat = ThreadHeartbeats.register(name, now: start)
        defer { heartbeat.end() }
        let limit = ThreadHeartbeats.staleAfter
        let limitNanoseconds = UInt64(limit.components.seconds) * 1_000_000_000
        #expect(!ThreadHeartbeats.stuck(now: start + limitNanoseconds - 1).contains { $0.name == name })
        let stuck = ThreadHeartbeats.stuck(now: start + limitNanoseconds)
        #expect(stuck.first { $0.name == name }?.silent == limit)
        heartbeat.beat(now: start + limitNanoseconds)
        #expect(!ThreadHeartbeats.stuck(now: start + limitNanoseconds + 1).contains { $0.name == name })
        heartbeat.end()
        #expect(!ThreadHeartbeats.stuck(now: start + 10 * limitNanoseconds).contains { $0.name == name })
        // A clock reading before the last beat (another thread's) is not a negative silence.
        let other = ThreadHeartbeats.register(name + "-b", now: start)
        defer { other.end() }
        #expect(!ThreadHeartbeats.stuck(now: start - 1).contains { $0.name == name + "-b" })
    }
}
