/// Bytes a receiver collects from a paced UART (a USB-UART bridge's receive FIFO): each becomes
/// available once its frame has arrived, as `WirePacer` times it. Nothing here sleeps: a reader
/// polls `take` (umockdev's reaps) or waits until `nextArrival` on its own serving thread.
public struct PacedByteQueue: Sendable {
    private struct Segment {
        var bytes: [UInt8]
        var taken = 0
        let transmission: WireTransmission
    }

    private var pacer: WirePacer
    private var segments: [Segment] = []

    /// An empty queue; with pacing off every byte is available as soon as it is appended.
    public init(pacing: WirePacing) {
        pacer = WirePacer(pacing)
    }

    /// Queues `received`, what the receiver decodes from `sentCount` bytes sent as `coding` (once the line
    /// is free, and not before `notBefore`). `coding` nil: the bytes are available at once (no UART).
    public mutating func append(
        _ received: [UInt8], sentCount: Int, as coding: UARTLineCoding?, notBefore: Duration? = nil
    ) {
        let transmission =
            coding.map { pacer.schedule(sentCount, as: $0, notBefore: notBefore) } ?? .immediate(sentCount)
        guard !received.isEmpty else { return }
        segments.append(Segment(bytes: received, transmission: transmission))
    }

    /// Bytes queued, arrived or not.
    public var count: Int { segments.reduce(0) { $0 + $1.bytes.count - $1.taken } }

    /// Bytes that have arrived and are waiting to be taken.
    public var availableCount: Int {
        let now = pacer.clock?.now
        return segments.reduce(0) { $0 + Self.arrived(in: $1, at: now) - $1.taken }
    }

    /// Up to `maximum` bytes that have arrived, oldest first; nil when none has.
    public mutating func take(maximum: Int) -> [UInt8]? {
        let now = pacer.clock?.now
        var output: [UInt8] = []
        while output.count < maximum, let first = segments.first {
            let ready = Self.arrived(in: first, at: now) - first.taken
            let count = min(ready, maximum - output.count)
            output += first.bytes[first.taken..<first.taken + count]
            segments[0].taken += count
            if segments[0].taken == first.bytes.count {
                segments.removeFirst()
            } else {
                break
            }
        }
        return output.isEmpty ? nil : output
    }

    /// When the next byte not yet arrived will have arrived; nil when every queued byte has.
    public var nextArrival: Duration? {
        let now = pacer.clock?.now
        guard let segment = segments.first(where: { Self.arrived(in: $0, at: now) < $0.bytes.count }) else {
            return nil
        }
        let transmission = segment.transmission
        let sent = now.map { transmission.bytesArrived(at: $0) } ?? transmission.count
        return transmission.arrival(ofByte: sent + 1)
    }

    /// Forgets every queued byte (the line is idle from now).
    public mutating func removeAll() {
        segments = []
    }

    /// Decoded bytes of `segment` available at `now`, spread evenly over its frames.
    private static func arrived(in segment: Segment, at now: Duration?) -> Int {
        let transmission = segment.transmission
        guard let now, !transmission.isImmediate else { return segment.bytes.count }
        let frames = transmission.bytesArrived(at: now)
        return frames == transmission.count ? segment.bytes.count : segment.bytes.count * frames / transmission.count
    }
}
