import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where this boot is in time, independent of the wall clock: seconds since boot (`CLOCK_BOOTTIME`, which
/// counts suspend too) and the kernel's id of this boot. A passage seen before the wall clock was set is
/// dated from these once it is.
public struct BootClock: Sendable {
    public let bootID: String
    public let uptime: @Sendable () -> Double

    public init(bootID: String, uptime: @escaping @Sendable () -> Double) {
        self.bootID = bootID
        self.uptime = uptime
    }

    /// The running system's: /proc/sys/kernel/random/boot_id and `CLOCK_BOOTTIME`.
    public static let system = BootClock(
        bootID: (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown-boot",
        uptime: {
            var now = timespec()
            clock_gettime(CLOCK_BOOTTIME, &now)
            return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        })
}
