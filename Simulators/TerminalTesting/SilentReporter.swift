import TerminalDaemon

/// Drops every event: for tests that judge the terminal by what reaches the cloud.
public struct SilentReporter: TerminalReporter {
    public init() {}

    public func report(_ event: TerminalEvent) {}
}
