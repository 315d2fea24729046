import Foundation

extension KernelTier {
    /// The daemon phase of `make test-vm`: run alone, after `modprobe -r vivid`, with ATTENDANCE_TIER3_DAEMON=1.
    static var daemonPhase: Bool { ProcessInfo.processInfo.environment["ATTENDANCE_TIER3_DAEMON"] == "1" }

    /// The v4l2loopback node the VM creates (`video_nr=10`).
    static var loopbackDevice: String {
        ProcessInfo.processInfo.environment["ATTENDANCE_TIER3_LOOPBACK"] ?? "/dev/video10"
    }
}
