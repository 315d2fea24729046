import Foundation

/// What one input may cost a decoder, the campaign's pass mark (issue 12): the fuzz executables give
/// libFuzzer these limits, and the replay of regression inputs checks the same ones.
public enum FuzzBudget {
    /// Most resident memory of the whole process, in MB (libFuzzer's `-rss_limit_mb`, and its
    /// `-malloc_limit_mb` by default).
    public static let rssLimitMB = 256
    /// Longest run of one input, in seconds (libFuzzer's `-timeout`).
    public static let timeoutSeconds = 1
    /// CPU seconds a replayed input may use before the kernel stops it (SIGXCPU): far above the budget,
    /// because the replay is an unoptimised build, so it only stops inputs that never finish.
    public static let replayCPUSeconds = 60

    /// Limits this process's CPU time to `replayCPUSeconds` (for a replay in a child process).
    public static func limitReplayCPU() {
        var limit = rlimit(rlim_cur: rlim_t(replayCPUSeconds), rlim_max: rlim_t(replayCPUSeconds))
        _ = setrlimit(resourceCPU, &limit)
    }

    /// This process's peak resident memory so far, in MB: its own address space's high-water mark (`VmHWM`).
    /// Not `getrusage`'s `ru_maxrss`: Linux carries that over an `execve` from the parent's address space
    /// when the child was spawned with `vfork`, so a replay started by a large test process would report the
    /// parent's peak.
    public static func peakRSSMegabytes() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        {
            return kilobytes / 1024
        }
        var usage = rusage()
        guard getrusage(rusageSelf, &usage) == 0 else { return 0 }
        return usage.ru_maxrss / 1024  // kilobytes on Linux
    }

    #if os(Linux)
        private static let resourceCPU = __rlimit_resource_t(RLIMIT_CPU.rawValue)
        private static let rusageSelf = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
        private static let resourceCPU = RLIMIT_CPU
        private static let rusageSelf = RUSAGE_SELF
    #endif
}
