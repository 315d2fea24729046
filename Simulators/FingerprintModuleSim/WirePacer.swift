/// The one pacing rule of the simulator's UARTs (the pseudo-terminal and the USB-UART bridges use it):
/// a byte sent as `UARTLineCoding` occupies one direction of the line for a start bit, its data bits,
/// its parity bit and its stop bits at the baud rate; bytes follow each other back to back, and a
/// transmission starts once the line is free (and not before `notBefore`, e.g. when the request it
/// answers has arrived). With pacing off every byte arrives the moment it is sent.
public struct WirePacer: Sendable {
    /// The clock; nil when pacing is off.
    public let clock: (any WireClock)?
    /// When the last scheduled byte has left the line.
    private var lineFreeAt: Duration = .zero

    /// A pacer for one direction of a line.
    public init(_ pacing: WirePacing) {
        clock = pacing.clock
    }

    /// Half-bit periods one byte takes on the line (start + data + parity + stop; 1.5 stop bits are 3).
    public static func halfBitsPerByte(_ coding: UARTLineCoding) -> Int {
        2 * (1 + coding.dataBits + (coding.parity == .none ? 0 : 1)) + coding.stopBits.halfBits
    }

    /// Bits one byte takes on the line, e.g. 10 for 8N1, 12 for 8E2.
    public static func bitsPerByte(_ coding: UARTLineCoding) -> Double {
        Double(halfBitsPerByte(coding)) / 2
    }

    /// How long `count` bytes sent back to back as `coding` occupy the line: count × bits / baud.
    public static func duration(ofBytes count: Int, as coding: UARTLineCoding) -> Duration {
        guard count > 0, coding.baudRate > 0 else { return .zero }
        return .seconds(count * halfBitsPerByte(coding)) / (2 * coding.baudRate)
    }

    /// Puts `count` bytes sent as `coding` on the line now (or once the line is free, or at `notBefore`),
    /// and says when each of them will have arrived.
    public mutating func schedule(
        _ count: Int, as coding: UARTLineCoding, notBefore: Duration? = nil
    ) -> WireTransmission {
        guard let clock, count > 0, coding.baudRate > 0 else { return .immediate(count) }
        let start = max(clock.now, lineFreeAt, notBefore ?? .zero)
        let transmission = WireTransmission(
            count: count, start: start, halfBitsPerByte: Self.halfBitsPerByte(coding), baudRate: coding.baudRate)
        lineFreeAt = transmission.end
        return transmission
    }

    /// Hands `bytes` (what the receiver decoded from `transmission`'s frames; with another baud rate
    /// there may be more or fewer of them) to `write` no sooner than their frames have arrived, in
    /// slices of at least `slice` of line time, sleeping on the calling thread in between. Returns
    /// false when `write` failed or `shouldStop` said to stop before everything was handed over.
    @discardableResult
    public func deliver(
        _ bytes: [UInt8], over transmission: WireTransmission, slice: Duration = .milliseconds(4),
        shouldStop: () -> Bool = { false }, write: (ArraySlice<UInt8>) -> Bool
    ) -> Bool {
        guard let clock, !transmission.isImmediate else { return bytes.isEmpty || write(bytes[...]) }
        var handed = 0
        while handed < bytes.count {
            if shouldStop() { return false }
            let now = clock.now
            let arrived = transmission.bytesArrived(at: now)
            let due = arrived == transmission.count ? bytes.count : bytes.count * arrived / transmission.count
            if due > handed {
                guard write(bytes[handed..<due]) else { return false }
                handed = due
                continue
            }
            let next = transmission.arrival(ofByte: arrived + 1)
            clock.sleep(until: min(max(next, now + slice), transmission.end))
        }
        return true
    }
}

/// Bytes on the line: when each has arrived (its stop bit is over).
public struct WireTransmission: Sendable, Hashable {
    /// Bytes sent.
    public let count: Int
    /// When the first start bit begins.
    public let start: Duration
    /// Half-bit periods per byte; 0 for bytes that arrive at once (pacing off).
    let halfBitsPerByte: Int
    let baudRate: Int

    /// Bytes that arrive the moment they are sent.
    public static func immediate(_ count: Int) -> WireTransmission {
        WireTransmission(count: count, start: .zero, halfBitsPerByte: 0, baudRate: 1)
    }

    /// Whether every byte arrives at once.
    public var isImmediate: Bool { halfBitsPerByte == 0 }

    /// When the `n`th byte (1-based) has arrived; `start` for n ≤ 0.
    public func arrival(ofByte n: Int) -> Duration {
        guard n > 0, !isImmediate else { return start }
        return start + .seconds(n * halfBitsPerByte) / (2 * baudRate)
    }

    /// When the last byte has arrived.
    public var end: Duration { arrival(ofByte: count) }

    /// How many bytes have arrived at `time` (all of them when immediate).
    public func bytesArrived(at time: Duration) -> Int {
        if isImmediate { return count }
        guard time > start else { return 0 }
        let perByte = Duration.seconds(halfBitsPerByte) / (2 * baudRate)
        var n = min(count, Int((time - start) / perByte))
        // The division is floating point: settle on the exact count with the integer arrival times.
        while n < count, arrival(ofByte: n + 1) <= time { n += 1 }
        while n > 0, arrival(ofByte: n) > time { n -= 1 }
        return n
    }
}
