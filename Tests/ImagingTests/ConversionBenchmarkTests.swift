import Synchronization
import Testing

@testable import Imaging

/// A clock that advances by a fixed tick every time it is read, so a measurement's result is known in advance.
private final class TickingClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    let tick: Duration
    private let elapsed = Mutex<Duration>(.zero)
    init(tick: Duration) { self.tick = tick }

    var now: Instant {
        elapsed.withLock { elapsed in
            elapsed += tick
            return Instant(offset: elapsed)
        }
    }
    var minimumResolution: Duration { .nanoseconds(1) }
    func sleep(until deadline: Instant, tolerance: Duration?) async throws {}
}

@Suite struct ConversionBenchmarkTests {
    @Test(arguments: PixelFormat.allCases)
    func dividesTheMeasuredTimeByIterations(_ format: PixelFormat) throws {
        // Two clock reads around the loop: one tick elapsed, spread over 4 iterations.
        let perFrame = try ConversionBenchmark.run(
            format: format, width: 64, height: 48, iterations: 4, output: .rgb,
            clock: TickingClock(tick: .milliseconds(8)))
        #expect(perFrame == .milliseconds(2))
    }

    @Test func realClockRunReturnsAPositiveDuration() throws {
        let perFrame = try ConversionBenchmark.run(format: .yuyv, width: 320, height: 240, iterations: 3)
        #expect(perFrame > .zero)
    }

    @Test func invalidSizeIsAValidationError() {
        let error = #expect(throws: FrameValidationError.self) {
            try ConversionBenchmark.run(format: .grey, width: 0, height: 10, iterations: 1)
        }
        #expect(error?.field == .width)
    }
}
