import SystemSupport
import WeComDevice

extension Terminal {
    /// What is wrong with the running terminal, or nil when it is healthy: the terminal and its WeCom
    /// session answer (a wedged executor would hold every push and upload), and every device thread
    /// (libusb's events, V4L2 capture) is still turning. The service watchdog asks this before each ping.
    public func healthProblem() async -> String? {
        _ = await client.state
        let stuck = ThreadHeartbeats.stuck()
        guard !stuck.isEmpty else { return nil }
        return "device thread not turning: "
            + stuck.map { "\($0.name) silent for \($0.silent)" }.joined(separator: ", ")
    }
}
