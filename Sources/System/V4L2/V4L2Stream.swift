/// A frame lent to a `withNextFrame` closure. `bytes` is the driver's mmapped buffer, valid only
/// inside the closure; copy or convert what you need before returning.
public struct V4L2Frame {
    /// The frame data (`bytesused` bytes of the buffer), borrowed, not copied.
    public let bytes: UnsafeRawBufferPointer
    /// What DQBUF reported: index, sequence, timestamp, flags.
    public let buffer: V4L2DequeuedBuffer
    /// The capture format in force when the stream started.
    public let format: V4L2Format

    /// The driver's frame counter.
    public var sequence: UInt32 { buffer.sequence }
    /// The capture time the driver stamped.
    public var timestamp: Duration { buffer.timestamp }
}

@available(*, unavailable, message: "a frame's bytes are only valid inside its withNextFrame closure")
extension V4L2Frame: Sendable {}

/// A running mmap capture session. Its own thread polls the device (never the cooperative pool);
/// callers borrow one frame at a time with `withNextFrame`, after which the buffer is requeued.
///
/// Under umockdev the node is a regular file: `poll()` is always ready and epoll fails, so the thread
/// tolerates EAGAIN from DQBUF and backs off a few milliseconds before trying again.
public final class V4L2Stream: Sendable {
    /// The capture format the driver reported when streaming started.
    public let format: V4L2Format
    let engine: CaptureEngine

    init(format: V4L2Format, source: any CaptureSource, pollTimeout: Duration) throws(V4L2Error) {
        self.format = format
        do {
            engine = try CaptureEngine(source: source, pollTimeout: pollTimeout)
        } catch {
            source.teardown()
            throw error
        }
        engine.start()
    }

    /// Maps `bufferCount` MMAP buffers on `device`, queues them, turns streaming on and starts the
    /// capture thread. With `ownsDevice` the stream closes the device when it ends.
    public static func start(
        device: V4L2Device, bufferCount: UInt32 = 4, ownsDevice: Bool = true,
        pollTimeout: Duration = .milliseconds(250)
    ) throws(V4L2Error) -> V4L2Stream {
        let format = try device.format()
        let source = try MMapCaptureSource(device: device, count: bufferCount, ownsDevice: ownsDevice)
        return try V4L2Stream(format: format, source: source, pollTimeout: pollTimeout)
    }

    deinit { engine.requestStop() }

    /// Waits for the next frame and runs `body` on it without copying; the buffer is requeued as soon
    /// as `body` returns. Throws `.deviceGone` if the camera vanished, `.streamEnded` after a stop,
    /// `CancellationError` when the task is cancelled, or what `body` throws. `body` runs on the
    /// caller's actor (the `isolation` parameter), so it may touch that actor's state.
    public func withNextFrame<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (V4L2Frame) throws -> Result
    ) async throws -> Result {
        let lent = try await engine.nextFrame()
        defer { engine.giveBack(lent.buffer.index) }
        let frame = V4L2Frame(
            bytes: lent.region.bytes(count: lent.buffer.bytesUsed), buffer: lent.buffer, format: format)
        return try body(frame)
    }

    /// Delivered, dropped (sequence gaps), unclaimed and corrupt counts, last sequence and timestamp.
    public var statistics: V4L2StreamStatistics { engine.statistics }

    /// Why the stream ended (`.deviceGone`, `.streamEnded`, …); nil while it runs.
    public var termination: V4L2Error? { engine.termination }

    /// Asks the capture thread to stop and returns at once.
    public func requestStop() { engine.requestStop() }

    /// Stops capture and returns once STREAMOFF, munmap and close have run.
    public func stop() async { await engine.stop() }
}
