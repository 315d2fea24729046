import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Signs of life of the process's dedicated threads (libusb's event loop, the V4L2 capture loop): each
/// beats its heartbeat on every turn of its loop, and the service watchdog stops vouching for the
/// process when one has not beaten for `staleAfter`. A thread whose loop ended on purpose ends its heartbeat.
public final class ThreadHeartbeat: Sendable {
    public let name: String
    private let lastBeat: Atomic<UInt64>
    private let id: UInt64

    fileprivate init(name: String, id: UInt64, now: UInt64) {
        self.name = name
        self.id = id
        lastBeat = Atomic(now)
    }

    /// One turn of the thread's loop.
    public func beat(now: UInt64 = ThreadHeartbeats.now()) {
        lastBeat.store(now, ordering: .relaxed)
    }

    /// The thread's loop has ended on purpose: it is no longer watched.
    public func end() {
        ThreadHeartbeats.remove(id)
    }

    fileprivate func age(now: UInt64) -> Duration {
        let last = lastBeat.load(ordering: .relaxed)
        return .nanoseconds(Int64(clamping: now >= last ? now - last : 0))
    }
}

/// The registry of live heartbeats, and the one rule for when a thread counts as stuck.
public enum ThreadHeartbeats {
    /// A thread whose loop has not turned for this long is stuck. The loops watched wake at least every
    /// 2 s when idle (libusb's idle wait, V4L2's poll timeout), so this is ten turns missed.
    public static let staleAfter: Duration = .seconds(20)

    private static let registry = Mutex<(next: UInt64, beats: [UInt64: ThreadHeartbeat])>((0, [:]))

    /// A heartbeat for the thread `name`, watched from now on.
    public static func register(_ name: String, now: UInt64 = now()) -> ThreadHeartbeat {
        registry.withLock { registry in
            registry.next += 1
            let heartbeat = ThreadHeartbeat(name: name, id: registry.next, now: now)
            registry.beats[registry.next] = heartbeat
            return heartbeat
        }
    }

    /// The watched threads that have not beaten for `staleAfter`, with how long ago they last did.
    public static func stuck(now: UInt64 = now(), limit: Duration = staleAfter) -> [(name: String, silent: Duration)] {
        let beats = registry.withLock { Array($0.beats.values) }
        return beats.map { ($0.name, $0.age(now: now)) }.filter { $0.1 >= limit }.sorted { $0.name < $1.name }
    }

    /// How many threads are watched.
    public static var watchedCount: Int { registry.withLock { $0.beats.count } }

    fileprivate static func remove(_ id: UInt64) {
        _ = registry.withLock { $0.beats.removeValue(forKey: id) }
    }

    /// Monotonic nanoseconds (CLOCK_MONOTONIC), the heartbeats' time line.
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
