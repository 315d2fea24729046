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

/// CPU time (user + system) a process has used, from /proc/PID/stat.
enum ProcessCPU {
    /// Seconds; throws when the process is gone.
    static func seconds(pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The command name is in parentheses and may hold spaces: the fields start after the last ")".
        guard let close = stat.lastIndex(of: ")") else { throw BenchError("/proc/\(pid)/stat: no command name") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Fields 14 and 15 of proc(5) (utime, stime), counted from the state (field 3).
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw BenchError("/proc/\(pid)/stat: no utime/stime")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
