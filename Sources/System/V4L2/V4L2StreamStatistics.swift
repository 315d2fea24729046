/// Counters of a capture stream.
public struct V4L2StreamStatistics: Sendable, Hashable {
    /// Buffers taken from the driver.
    public var dequeued = 0
    /// Frames handed to a `withNextFrame` closure.
    public var delivered = 0
    /// Frames requeued at once because no caller was waiting.
    public var unclaimed = 0
    /// Frames the driver flagged as corrupt or empty, requeued without delivery.
    public var corrupt = 0
    /// Frames the driver lost, counted from gaps in the sequence numbers.
    public var dropped = 0
    /// The sequence number of the last dequeued buffer.
    public var lastSequence: UInt32?
    /// The timestamp of the last dequeued buffer.
    public var lastTimestamp: Duration?

    public init() {}
}

/// Counts frames lost between consecutive driver sequence numbers.
struct FrameSequenceTracker: Sendable, Hashable {
    private(set) var dropped = 0
    private(set) var lastSequence: UInt32?
    /// Times the sequence went backwards or repeated (driver restart); those never count as drops.
    private(set) var restarts = 0

    /// Records `sequence` and returns how many frames were skipped since the previous one.
    @discardableResult
    mutating func record(_ sequence: UInt32) -> Int {
        defer { lastSequence = sequence }
        guard let last = lastSequence else { return 0 }
        let step = sequence &- last
        // Steps in the upper half of the UInt32 range are a backwards jump, not four billion lost frames.
        guard step != 0, step < 1 << 31 else {
            restarts += 1
            return 0
        }
        let gap = Int(step - 1)
        dropped += gap
        return gap
    }
}
