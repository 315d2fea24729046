import Foundation

extension DevicePresence {
    /// What `attendctl status` prints under a device: "present since …: what" or "ABSENT since …", then
    /// the last error and when it was seen. `dates` writes the instants (the operator's local time in
    /// attendctl).
    public func statusLines(dates: Date.ISO8601FormatStyle) -> [String] {
        var lines = [
            present
                ? "present since \(since.formatted(dates))" + (detail.map { ": \($0)" } ?? "")
                : "ABSENT since \(since.formatted(dates))"
        ]
        if let lastError {
            lines.append("last error \(lastErrorAt.map { $0.formatted(dates) } ?? "-"): \(lastError)")
        }
        return lines
    }
}
