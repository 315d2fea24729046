import CV4L2
import Glibc
import Testing

@testable import V4L2

@Suite struct V4L2StreamTests {
    static let format = V4L2Format(width: 16, height: 8, pixelFormat: .grey, bytesPerLine: 16, sizeImage: 128)

    func makeStream(
        _ source: ScriptedCaptureSource, pollTimeout: Duration = .milliseconds(50)
    ) throws -> V4L2Stream {
        try V4L2Stream(format: Self.format, source: source, pollTimeout: pollTimeout)
    }

    /// Starts `withNextFrame` in a task and waits until the stream sees the caller waiting.
    func waitingCall<R: Sendable>(
        _ stream: V4L2Stream, _ body: @escaping @Sendable (V4L2Frame) throws -> R
    ) async throws -> Task<R, any Error> {
        let expected = stream.engine.waitingCallers + 1
        let task = Task { try await stream.withNextFrame(body) }
        try #require(await eventually { stream.engine.waitingCallers == expected })
        return task
    }

    @Test func lendsDriverBytesWithoutCopyAndRequeuesAfterClosure() async throws {
        let source = ScriptedCaptureSource()
        let stream = try makeStream(source)
        let call = try await waitingCall(stream) { frame in
            (
                frame.bytes.count, frame.bytes.allSatisfy { $0 == 0xAB }, frame.sequence, frame.buffer.index,
                frame.bytes.baseAddress == source.regions[2].base, source.snapshot.requeued.contains(2), frame.format
            )
        }
        source.push(.frame(index: 2, sequence: 7, fill: 0xAB, bytesUsed: 100))
        let (count, filled, sequence, index, sameMemory, requeuedInside, format) = try await call.value
        #expect(count == 100)
        #expect(filled)
        #expect(sequence == 7)
        #expect(index == 2)
        #expect(sameMemory)
        #expect(!requeuedInside)
        #expect(format == Self.format)
        #expect(await eventually { source.snapshot.requeued == [2] })
        #expect(stream.statistics.delivered == 1)
        #expect(source.snapshot.dequeueCalls > 1, "EAGAIN before the frame was tolerated")
        await stream.stop()
    }

    @Test func sequenceGapsAreCountedAsDropped() async throws {
        let source = ScriptedCaptureSource()
        let stream = try makeStream(source)
        var sequences: [UInt32] = []
        for (index, sequence) in [(0, UInt32(0)), (1, 1), (2, 5), (3, 6)] {
            let call = try await waitingCall(stream) { $0.sequence }
            source.push(.frame(index: index, sequence: sequence, fill: 1, bytesUsed: 10))
            sequences.append(try await call.value)
        }
        #expect(sequences == [0, 1, 5, 6])
        let statistics = stream.statistics
        #expect(statistics.dropped == 3)
        #expect(statistics.delivered == 4)
        #expect(statistics.lastSequence == 6)
        #expect(statistics.lastTimestamp == .milliseconds(6 * 33))
        await stream.stop()
    }

    @Test func framesNobodyWaitsForAreRequeuedAtOnce() async throws {
        let source = ScriptedCaptureSource()
        let stream = try makeStream(source)
        source.push(
            .frame(index: 0, sequence: 0, fill: 1, bytesUsed: 10), .frame(index: 1, sequence: 1, fill: 1, bytesUsed: 10)
        )
        #expect(await eventually { stream.statistics.dequeued == 2 })
        #expect(await eventually { source.snapshot.requeued == [0, 1] })
        #expect(stream.statistics.unclaimed == 2)
        #expect(stream.statistics.delivered == 0)
        await stream.stop()
    }

    @Test func corruptAndEmptyFramesAreSkipped() async throws {
        let source = ScriptedCaptureSource()
        let stream = try makeStream(source)
        let call = try await waitingCall(stream) { $0.sequence }
        source.push(
            .frame(index: 0, sequence: 0, fill: 1, bytesUsed: 10, flags: UInt32(V4L2_BUF_FLAG_ERROR)),
            .frame(index: 1, sequence: 1, fill: 1, bytesUsed: 0),
            .frame(index: 2, sequence: 2, fill: 1, bytesUsed: 10))
        #expect(try await call.value == 2)
        #expect(stream.statistics.corrupt == 2)
        await stream.stop()
    }

    @Test func deviceGoneEndsTheStreamAndTearsDown() async throws {
        let source = ScriptedCaptureSource()
        let stream = try makeStream(source)
        let call = try await waitingCall(stream) { $0.sequence }
        source.push(.fail(.deviceGone(operation: "VIDIOC_DQBUF")))
        await #expect(throws: V4L2Error.deviceGone(operation: "VIDIOC_DQBUF")) { try await call.value }
        #expect(await eventually { source.snapshot.teardowns == 1 })
        #expect(stream.termination == .deviceGone(operation: "VIDIOC_DQBUF"))
        await #expect(throws: V4L2Error.deviceGone(operation: "VIDIOC_DQBUF")) {
            try await stream.withNextFrame { $0.sequence }
        }
        await stream.stop()
        #expect(source.snapshot.teardowns == 1)
    }

    /// The poll timeout is an hour: only stop waking the poll lets `stop()` return within the test's time limit
    /// (no wall-clock assertion, which a loaded machine could fail).
    @Test(.timeLimit(.minutes(5)))
    func stopIsPromptEvenWithALongPollTimeout() async throws {
        let source = ScriptedCaptureSource(alwaysReady: false)
        let stream = try makeStream(source, pollTimeout: .seconds(3600))
        let call = try await waitingCall(stream) { $0.sequence }
        await stream.stop()
        await #expect(throws: V4L2Error.streamEnded) { try await call.value }
        #expect(source.snapshot.teardowns == 1)
        #expect(stream.termination == .streamEnded)
        await #expect(throws: V4L2Error.streamEnded) { try await stream.withNextFrame { $0.sequence } }
    }

    @Test func teardownWaitsUntilTheLentBufferIsBack() async throws {
        let source = ScriptedCaptureSource()
        let stream = try makeStream(source)
        let call = try await waitingCall(stream) { frame -> (Int, Bool) in
            stream.requestStop()
            usleep(30_000)  // give the capture thread time to (wrongly) tear down under our feet
            return (source.snapshot.teardowns, frame.bytes.allSatisfy { $0 == 9 })
        }
        source.push(.frame(index: 0, sequence: 0, fill: 9, bytesUsed: 64))
        let (teardownsInside, intact) = try await call.value
        #expect(teardownsInside == 0)
        #expect(intact)
        #expect(await eventually { source.snapshot.teardowns == 1 })
        #expect(!source.snapshot.requeued.contains(0), "no QBUF after stop")
    }

    @Test func cancelledWaitLeavesTheStreamUsable() async throws {
        let source = ScriptedCaptureSource()
        let stream = try makeStream(source)
        let cancelled = try await waitingCall(stream) { $0.sequence }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(stream.engine.waitingCallers == 0)
        let call = try await waitingCall(stream) { $0.sequence }
        source.push(.frame(index: 1, sequence: 4, fill: 1, bytesUsed: 10))
        #expect(try await call.value == 4)
        await stream.stop()
    }

    @Test func droppingTheStreamStopsItsThread() async throws {
        let source = ScriptedCaptureSource(alwaysReady: false)
        do {
            _ = try makeStream(source, pollTimeout: .seconds(60))
        }
        #expect(await eventually { source.snapshot.teardowns == 1 })
    }

    @MainActor @Test func bodyRunsOnTheCallersActor() async throws {
        let source = ScriptedCaptureSource()
        let stream = try makeStream(source)
        var seenOnMainActor: [UInt32] = []
        let call = Task { @MainActor in
            try await stream.withNextFrame { frame in
                MainActor.assertIsolated()
                seenOnMainActor.append(frame.sequence)
            }
        }
        try #require(await eventually { stream.engine.waitingCallers == 1 })
        source.push(.frame(index: 0, sequence: 3, fill: 1, bytesUsed: 10))
        try await call.value
        #expect(seenOnMainActor == [3])
        await stream.stop()
    }
}
