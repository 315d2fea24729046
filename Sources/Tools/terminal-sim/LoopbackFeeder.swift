import CameraSim
import Foundation
import Synchronization
import V4L2

/// Writes a scene into a v4l2loopback device's output side, YUYV at a fixed size and rate, on a thread of
/// its own (write(2) blocks while the driver has no free buffer).
final class LoopbackFeeder: Sendable {
    private struct State {
        var stopping = false
        var written = 0
        var failure: V4L2Error?
        var done: CheckedContinuation<Void, Never>?
        var finished = false
    }

    private let device: V4L2Device
    private let source: any CameraFrameSource
    private let size: CameraFrameSize
    private let interval: TimeInterval
    private let limit: Int?
    private let state = Mutex(State())

    init(device: V4L2Device, source: any CameraFrameSource, size: CameraFrameSize, fps: Int, limit: Int?) {
        self.device = device
        self.source = source
        self.size = size
        self.interval = 1 / Double(max(fps, 1))
        self.limit = limit
    }

    var written: Int { state.withLock { $0.written } }
    var failure: V4L2Error? { state.withLock { $0.failure } }

    func start() {
        let thread = Thread { [self] in
            feed()
            let waiter = state.withLock { state in
                state.finished = true
                defer { state.done = nil }
                return state.done
            }
            waiter?.resume()
        }
        thread.name = "LoopbackFeeder"
        thread.start()
    }

    /// Asks the thread to stop after the frame it is writing.
    func stop() { state.withLock { $0.stopping = true } }

    /// Returns once the thread has ended (stopped, failed, or wrote its `limit` of frames).
    func finished() async {
        await withCheckedContinuation { continuation in
            let already = state.withLock { state in
                if !state.finished { state.done = continuation }
                return state.finished
            }
            if already { continuation.resume() }
        }
    }

    /// How many distinct frames the source shows before it repeats (nil: every frame differs). Repeating
    /// frames are rendered once: under emulation (the tier-3 VM) rendering dominates the frame time.
    private var period: Int? {
        switch source {
        case is StillFrameSource: 1
        case let sequence as SequenceFrameSource: sequence.images.count
        default: nil
        }
    }

    private func feed() {
        var next = Date()
        var index = 0
        var rendered: [Int: [UInt8]] = [:]
        let period = self.period
        while !state.withLock({ $0.stopping }), limit.map({ index < $0 }) ?? true {
            let key = period.map { index % $0 }
            let frame =
                key.flatMap { rendered[$0] }
                ?? FrameRenderer.render(source.frame(at: index), as: .yuyv, size: size, encoder: nil)
            if let key { rendered[key] = frame }
            do {
                try device.writeFrame(frame)
            } catch {
                state.withLock { $0.failure = error }
                return
            }
            index += 1
            state.withLock { $0.written = index }
            next += interval
            let wait = next.timeIntervalSinceNow
            if wait > 0 { Thread.sleep(forTimeInterval: wait) } else { next = Date() }
        }
    }
}
