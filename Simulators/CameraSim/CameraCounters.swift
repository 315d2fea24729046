/// Frame counters of a simulated camera.
public struct CameraCounters: Sendable, Equatable {
    /// Frames whose capture time came while streaming.
    public var produced = 0
    /// Frames handed to the driver by DQBUF.
    public var delivered = 0
    /// Frames lost: no queued buffer at capture time, or an injected drop.
    public var dropped = 0

    /// Counters with these values.
    public init(produced: Int = 0, delivered: Int = 0, dropped: Int = 0) {
        self.produced = produced
        self.delivered = delivered
        self.dropped = dropped
    }
}
