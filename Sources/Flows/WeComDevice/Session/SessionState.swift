/// Where the session is in the device life-cycle (spec 4.4).
public enum SessionState: Sendable, Hashable {
    /// Not running, or stopped.
    case disconnected
    /// Opening the socket, syncing the clock, fetching the SecretNo.
    case connecting
    /// Sending `register`.
    case registering
    /// Polling `active`; `waitingForBind` once the cloud answered without a secret.
    case activating(waitingForBind: Bool)
    /// Sending `subscribe_corp`.
    case subscribing
    /// Logged in: requests are accepted and `ping` runs.
    case loggedIn
    /// The socket dropped; the next attempt starts after `delay`.
    case waitingToReconnect(delay: Duration)
}
