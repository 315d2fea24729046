#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CPU time consumed by the calling thread (clock_gettime with CLOCK_THREAD_CPUTIME_ID).
public enum ThreadCPUTime {
    /// The calling thread's CPU time so far; zero if the clock is unavailable.
    public static func now() -> Duration {
        var spec = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec) == 0 else { return .zero }
        return .seconds(Int64(spec.tv_sec)) + .nanoseconds(Int64(spec.tv_nsec))
    }
}

/// User and system CPU time of the whole process (getrusage RUSAGE_SELF, all threads), in seconds.
public struct ProcessCPUTime: Sendable {
    public let user: Double
    public let system: Double

    /// The process's CPU time so far; zero if the platform cannot tell.
    public static func now() -> ProcessCPUTime {
        var usage = rusage()
        #if canImport(Glibc)
            let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
            let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return ProcessCPUTime(user: 0, system: 0) }
        return ProcessCPUTime(user: seconds(usage.ru_utime), system: seconds(usage.ru_stime))
    }

    /// User plus system time in milliseconds.
    public var totalMilliseconds: Double { (user + system) * 1000 }

    public static func - (lhs: ProcessCPUTime, rhs: ProcessCPUTime) -> ProcessCPUTime {
        ProcessCPUTime(user: lhs.user - rhs.user, system: lhs.system - rhs.system)
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1e6
    }
}

/// The 1-minute load average from `/proc/loadavg`; nil where it cannot be read.
public enum LoadAverage {
    public static func oneMinute() -> Double? {
        guard let file = fopen("/proc/loadavg", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 64)
        guard fgets(&line, Int32(line.count), file) != nil else { return nil }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}
