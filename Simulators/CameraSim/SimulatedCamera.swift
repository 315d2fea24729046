import Glibc

/// A camera in a `CameraTestbed`: where drivers find it, what it has done, and faults.
public final class SimulatedCamera: Sendable {
    /// The testbed the camera lives in (kept alive by the camera).
    public let testbed: CameraTestbed
    /// The node a driver opens, e.g. `/dev/video0`.
    public let devicePath: String
    /// The device's sysfs path.
    public let sysfsPath: String
    private let session: V4L2IoctlSession
    private let elapsed: @Sendable () -> Duration

    init(
        testbed: CameraTestbed, session: V4L2IoctlSession, devicePath: String, sysfsPath: String,
        elapsed: @escaping @Sendable () -> Duration
    ) {
        self.testbed = testbed
        self.session = session
        self.devicePath = devicePath
        self.sysfsPath = sysfsPath
        self.elapsed = elapsed
    }

    /// Frame counters, brought up to the clock's current time.
    public var counters: CameraCounters {
        let now = elapsed()
        return session.device.withLock { state in
            state.advance(to: now)
            return state.counters
        }
    }

    /// Time between two frames at the negotiated frame rate.
    public var frameInterval: Duration { session.device.withLock { $0.frameInterval } }

    /// The negotiated pixel format.
    public var pixelFormat: CameraPixelFormat { session.device.withLock { $0.format } }

    /// The negotiated frame size.
    public var frameSize: CameraFrameSize { session.device.withLock { $0.size } }

    /// The negotiated frame rate in frames per second.
    public var framesPerSecond: Int { session.device.withLock { $0.framesPerSecond } }

    /// Whether the driver has the stream on.
    public var isStreaming: Bool { session.device.withLock { $0.streaming } }

    /// The current value of control `id` (a V4L2_CID_*), nil when the camera has no such control.
    public func controlValue(_ id: UInt32) -> Int32? {
        session.device.withLock { state in state.controls.first { $0.id == id }?.value }
    }

    /// Arms `fault`.
    public func inject(_ fault: CameraFault) {
        session.device.withLock { state in
            switch fault {
            case .ioErrorOnNextDequeue: state.pendingDequeueErrno = EIO
            case .noDeviceOnNextDequeue: state.pendingDequeueErrno = ENODEV
            case .dropFrames(let count): state.pendingDrops += max(0, count)
            case .corruptNextJPEG: state.corruptNextJPEG = true
            case .refuseFormat(let errno): state.formatRefusal = errno
            case .refuseAutoExposure(let errno): state.autoExposureRefusal = errno
            }
        }
    }

    /// Disarms every fault that has not fired yet.
    public func clearFaults() {
        session.device.withLock { state in
            state.pendingDequeueErrno = nil
            state.pendingDrops = 0
            state.corruptNextJPEG = false
            state.formatRefusal = nil
            state.autoExposureRefusal = nil
        }
    }

    /// Whether a one-shot fault (EIO on a dequeue, dropped frames, a corrupt JPEG) is armed and has not
    /// struck yet: a test can tell that its fault hit the capture it meant.
    public var hasPendingOneShotFault: Bool {
        session.device.withLock { $0.pendingDequeueErrno != nil || $0.pendingDrops > 0 || $0.corruptNextJPEG }
    }

    /// Whether the camera was removed.
    public var isRemoved: Bool { session.device.withLock { $0.removed } }

    /// Unplugs the camera: every later ioctl on an open fd fails with ENODEV and the node and sysfs
    /// entry disappear (a udev "remove" event is sent). Idempotent.
    public func remove() {
        let wasPresent = session.device.withLock { state in
            defer {
                state.removed = true
                state.streamOff()
            }
            return !state.removed
        }
        if wasPresent { testbed.removeDevice(sysfsPath: sysfsPath) }
    }
}
