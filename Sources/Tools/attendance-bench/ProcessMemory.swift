import Foundation

/// A process's resident memory as /proc/PID/status tells it: VmRSS now and VmHWM (the peak so far).
struct ProcessMemory: Codable, Sendable {
    let rssMegabytes: Double
    let peakMegabytes: Double

    /// Reads /proc/`pid`/status; throws when the process is gone.
    static func read(pid: Int32) throws -> ProcessMemory {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        return ProcessMemory(
            rssMegabytes: kilobytes("VmRSS", in: status) / 1024, peakMegabytes: kilobytes("VmHWM", in: status) / 1024)
    }

    private static func kilobytes(_ field: String, in status: String) -> Double {
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}
