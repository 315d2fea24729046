import FingerprintModule

/// One end of an in-process byte link: what it writes arrives at its peer.
public final class InProcessLink: ByteLink {
    private let inbox: ByteInbox
    private let peerInbox: ByteInbox

    init(inbox: ByteInbox, peerInbox: ByteInbox) {
        self.inbox = inbox
        self.peerInbox = peerInbox
    }

    /// Delivers bytes to the peer; throws `ByteLinkError.closed` after `close`.
    public func write(_ bytes: [UInt8]) async throws {
        guard !inbox.isClosed, !peerInbox.isClosed else { throw ByteLinkError.closed }
        peerInbox.append(bytes)
    }

    /// Bytes the peer wrote, waiting up to `timeout`.
    public func read(timeout: Duration) async throws -> [UInt8] {
        try await inbox.read(timeout: timeout)
    }

    /// Closes both directions.
    public func close() async {
        inbox.close(.closed)
        peerInbox.close(.closed)
    }
}

/// Two connected `ByteLink`s for tests: the driver uses `host`, the simulator serves `device`.
public struct InProcessLinkPair: Sendable {
    /// The driver's end.
    public let host: InProcessLink
    /// The simulator's end.
    public let device: InProcessLink

    /// `clock` times read timeouts on both ends; `budget` bounds what each end buffers unread.
    public init(clock: any Clock<Duration> = ContinuousClock(), budget: ByteInboxBudget = .default) {
        let hostInbox = ByteInbox(clock: clock, budget: budget)
        let deviceInbox = ByteInbox(clock: clock, budget: budget)
        host = InProcessLink(inbox: hostInbox, peerInbox: deviceInbox)
        device = InProcessLink(inbox: deviceInbox, peerInbox: hostInbox)
    }
}
