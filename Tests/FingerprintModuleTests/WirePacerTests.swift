import FingerprintModuleSim
import Synchronization
import Testing

/// A wire clock that only moves when something sleeps on it: every sleep jumps to its deadline.
final class SteppingWireClock: WireClock {
    private let state = Mutex((now: Duration.zero, sleeps: 0))

    var now: Duration { state.withLock { $0.now } }
    var sleeps: Int { state.withLock { $0.sleeps } }

    func sleep(until deadline: Duration) {
        state.withLock { state in
            state.sleeps += 1
            state.now = max(state.now, deadline)
        }
    }

    func advance(by duration: Duration) {
        state.withLock { $0.now += duration }
    }
}

@Suite("WirePacer: bytes take start + data + parity + stop bits at the baud rate")
struct WirePacerTests {
    @Test(
        "bits a byte takes on the line",
        arguments: [
            (UARTLineCoding.eightNoneOne(57600), 10.0),
            (UARTLineCoding(baudRate: 9600, parity: .even), 11.0),
            (UARTLineCoding(baudRate: 9600, parity: .odd, stopBits: .two), 12.0),
            (UARTLineCoding(baudRate: 9600, dataBits: 7, stopBits: .onePointFive), 9.5),
            (UARTLineCoding(baudRate: 9600, dataBits: 5), 7.0),
        ])
    func bitsPerByte(coding: UARTLineCoding, bits: Double) {
        #expect(WirePacer.bitsPerByte(coding) == bits)
    }

    @Test("a 4-bit UpImage (40,044 bytes) at 57,600 8N1 takes 40,044 × 10 / 57,600 s")
    func upImageDuration() {
        let bytes = 36_864 + 288 * 11 + 12  // pixels, 288 data packets of 128 bytes, the acknowledge
        #expect(bytes == 40_044)
        let duration = WirePacer.duration(ofBytes: bytes, as: .eightNoneOne(57600))
        #expect(duration == .seconds(400_440) / 57600)
        #expect(duration > .milliseconds(6952) && duration < .milliseconds(6953))
        #expect(
            WirePacer.duration(ofBytes: 1000, as: UARTLineCoding(baudRate: 9600, parity: .even, stopBits: .two))
                == .milliseconds(1250))
    }

    @Test("with an injected clock, transmissions follow each other and wait for notBefore")
    func schedule() {
        let clock = SteppingWireClock()
        clock.advance(by: .seconds(5))
        var pacer = WirePacer(.on(clock))
        let first = pacer.schedule(576, as: .eightNoneOne(57600))
        #expect(first.start == .seconds(5))
        #expect(first.end == .seconds(5) + .milliseconds(100))
        #expect(first.bytesArrived(at: .seconds(5)) == 0)
        #expect(first.bytesArrived(at: .seconds(5) + .milliseconds(50)) == 288)
        #expect(first.bytesArrived(at: first.end) == 576)
        #expect(first.arrival(ofByte: 1) == .seconds(5) + .seconds(10) / 57600)
        let second = pacer.schedule(10, as: .eightNoneOne(9600))
        #expect(second.start == first.end, "the line is busy until the first transmission has left it")
        let third = pacer.schedule(1, as: .eightNoneOne(9600), notBefore: .seconds(7))
        #expect(third.start == .seconds(7))
    }

    @Test("deliver hands bytes over no sooner than they arrive and ends when the last one has")
    func deliverPaced() {
        let clock = SteppingWireClock()
        let pacer = WirePacer(.on(clock))
        var scheduler = pacer
        let bytes = (0..<5760).map { UInt8(truncatingIfNeeded: $0) }
        let transmission = scheduler.schedule(bytes.count, as: .eightNoneOne(57600))
        var received: [UInt8] = []
        var slices = 0
        let complete = pacer.deliver(bytes, over: transmission) { slice in
            #expect(received.count + slice.count <= transmission.bytesArrived(at: clock.now))
            received += slice
            slices += 1
            return true
        }
        #expect(complete)
        #expect(received == bytes)
        #expect(clock.now == .seconds(1), "5,760 bytes at 5,760 bytes/s")
        #expect(slices >= 200 && slices <= 251, "slices of at least 4 ms of line time: \(slices)")
    }

    @Test("deliver spreads what a mismatched receiver decoded over the sender's frames; stop ends it")
    func deliverMismatched() {
        let clock = SteppingWireClock()
        var pacer = WirePacer(.on(clock))
        let transmission = pacer.schedule(100, as: .eightNoneOne(9600))
        var handed = 0
        let complete = pacer.deliver(Array(repeating: 0xFE, count: 50), over: transmission) {
            handed += $0.count
            return true
        }
        #expect(complete && handed == 50)
        #expect(clock.now == transmission.end)
        let stopped = pacer.schedule(100, as: .eightNoneOne(9600))
        var calls = 0
        #expect(
            !pacer.deliver(
                [1, 2, 3], over: stopped,
                shouldStop: {
                    calls += 1
                    return calls > 1
                }
            ) { _ in true })
    }

    @Test("pacing off: every byte arrives at once and nothing sleeps")
    func off() {
        var pacer = WirePacer(.off)
        let transmission = pacer.schedule(80_000, as: .eightNoneOne(9600))
        #expect(transmission.isImmediate)
        #expect(transmission.bytesArrived(at: .zero) == 80_000)
        var received = 0
        #expect(
            pacer.deliver(Array(repeating: 7, count: 80_000), over: transmission) {
                received += $0.count
                return true
            })
        #expect(received == 80_000)
    }

    @Test("a paced queue (a bridge's receive FIFO) only gives bytes whose frames have arrived")
    func pacedQueue() {
        let clock = SteppingWireClock()
        var queue = PacedByteQueue(pacing: .on(clock))
        queue.append(Array(0..<96), sentCount: 96, as: .eightNoneOne(9600), notBefore: .milliseconds(10))
        #expect(queue.count == 96)
        #expect(queue.take(maximum: 64) == nil, "the reply starts once the request has arrived")
        #expect(queue.nextArrival == .milliseconds(10) + .seconds(10) / 9600)
        clock.advance(by: .milliseconds(10) + .milliseconds(50))
        #expect(queue.availableCount == 48)
        let first = queue.take(maximum: 32)
        let second = queue.take(maximum: 32)
        let none = queue.take(maximum: 32)
        #expect(first == Array(0..<32))
        #expect(second == Array(32..<48))
        #expect(none == nil)
        clock.advance(by: .seconds(1))
        let rest = queue.take(maximum: 100)
        #expect(rest == Array(48..<96))
        #expect(queue.count == 0 && queue.nextArrival == nil)
        var unpaced = PacedByteQueue(pacing: .off)
        unpaced.append([1, 2, 3], sentCount: 3, as: .eightNoneOne(9600))
        #expect(unpaced.take(maximum: 10) == [1, 2, 3])
    }
}
