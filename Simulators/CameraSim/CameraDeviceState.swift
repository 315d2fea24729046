import Glibc

/// One mmap buffer of the simulated capture queue.
struct CameraBuffer {
    enum Owner { case application, queued, done }

    let offset: Int
    let length: Int
    var owner = Owner.application
    var bytesUsed = 0
    var sequence: UInt32 = 0
    var timestamp = Duration.zero
}

/// A buffer DQBUF hands back.
struct DequeuedBuffer {
    let index: Int
    let buffer: CameraBuffer
}

/// The V4L2 capture device behind the ioctl handler: format, controls, buffer queue, streaming and
/// faults. Time is the injected clock's elapsed time, passed in by the caller of each operation.
struct CameraDeviceState {
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    let configuration: CameraConfiguration
    let source: any CameraFrameSource
    let node: NodeFile

    var format: CameraPixelFormat
    var size: CameraFrameSize
    var framesPerSecond: Int
    var controls = CameraControl.defaults()
    var buffers: [CameraBuffer] = []
    var queued: [Int] = []
    var done: [Int] = []
    var streaming = false
    var streamStart = Duration.zero
    var nextFrame = 0
    var counters = CameraCounters()
    var removed = false

    /// The errno the next DQBUF fails with (once), if any.
    var pendingDequeueErrno: Int32?
    var pendingDrops = 0
    var corruptNextJPEG = false
    var formatRefusal: Int32?
    /// Errno for S_CTRL of an automatic exposure mode while `.refuseAutoExposure` is armed.
    var autoExposureRefusal: Int32?

    init(configuration: CameraConfiguration, source: any CameraFrameSource, node: NodeFile) {
        self.configuration = configuration
        self.source = source
        self.node = node
        format = configuration.formats[0]
        size = configuration.frameSizes[0]
        framesPerSecond = configuration.frameRates[0]
    }

    // MARK: - Formats

    /// What TRY_FMT/S_FMT make of a request: unknown formats become the default one, sizes the nearest offered.
    func negotiate(fourcc: UInt32, width: Int, height: Int) -> (CameraPixelFormat, CameraFrameSize) {
        let format =
            CameraPixelFormat(fourcc: fourcc).flatMap { configuration.formats.contains($0) ? $0 : nil }
            ?? configuration.formats[0]
        let size = configuration.frameSizes.min { lhs, rhs in
            abs(lhs.width - width) + abs(lhs.height - height) < abs(rhs.width - width) + abs(rhs.height - height)
        }!
        return (format, size)
    }

    mutating func setFormat(_ format: CameraPixelFormat, size: CameraFrameSize) -> Int32 {
        if let formatRefusal { return formatRefusal }
        guard buffers.isEmpty else { return EBUSY }
        self.format = format
        self.size = size
        return 0
    }

    var sizeImage: Int { format.sizeImage(width: size.width, height: size.height) }

    var frameInterval: Duration { .seconds(1) / framesPerSecond }

    /// S_PARM: the offered rate nearest to `requested` fps; EBUSY while streaming.
    mutating func setFrameRate(_ requested: Double) -> Int32 {
        guard !streaming else { return EBUSY }
        framesPerSecond = configuration.frameRates.min { abs(Double($0) - requested) < abs(Double($1) - requested) }!
        return 0
    }

    // MARK: - Buffers

    /// REQBUFS: `count` adjusted into the configured range (0 frees); returns the errno and the count granted.
    mutating func requestBuffers(_ count: Int) -> (errno: Int32, count: Int) {
        if count == 0 {
            streamOff()
            buffers = []
            return (0, 0)
        }
        guard !streaming else { return (EBUSY, buffers.count) }
        let granted = min(max(count, configuration.bufferCount.lowerBound), configuration.bufferCount.upperBound)
        let length = sizeImage
        let stride = (length + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        guard node.resize(to: stride * granted) else { return (ENOMEM, 0) }
        buffers = (0..<granted).map { CameraBuffer(offset: $0 * stride, length: length) }
        queued = []
        done = []
        return (0, granted)
    }

    mutating func queue(_ index: Int) -> Int32 {
        guard buffers.indices.contains(index), buffers[index].owner == .application else { return EINVAL }
        buffers[index].owner = .queued
        queued.append(index)
        return 0
    }

    mutating func dequeue(now: Duration) -> Result<DequeuedBuffer, CameraErrno> {
        guard streaming else { return .failure(CameraErrno(EINVAL)) }
        if let errno = pendingDequeueErrno {
            pendingDequeueErrno = nil
            return .failure(CameraErrno(errno))
        }
        advance(to: now)
        guard !done.isEmpty else { return .failure(CameraErrno(EAGAIN)) }
        let index = done.removeFirst()
        buffers[index].owner = .application
        counters.delivered += 1
        return .success(DequeuedBuffer(index: index, buffer: buffers[index]))
    }

    mutating func streamOn(now: Duration) -> Int32 {
        guard !buffers.isEmpty else { return EINVAL }
        guard !streaming else { return 0 }
        streaming = true
        streamStart = now
        nextFrame = 0
        return 0
    }

    /// STREAMOFF: every buffer goes back to the application, queued or done.
    mutating func streamOff() {
        streaming = false
        queued = []
        done = []
        for index in buffers.indices { buffers[index].owner = .application }
    }

    // MARK: - Frames

    /// Captures every frame whose time has come: into the oldest queued buffer, or dropped.
    mutating func advance(to now: Duration) {
        guard streaming else { return }
        let interval = Self.attoseconds(frameInterval)
        let elapsed = Self.attoseconds(now - streamStart)
        guard interval > 0, elapsed > 0 else { return }
        let due = Int(elapsed / interval)
        while nextFrame < due {
            counters.produced += 1
            if pendingDrops > 0 {
                pendingDrops -= 1
                counters.dropped += 1
                nextFrame += 1
                continue
            }
            guard !queued.isEmpty else {
                // No buffer: every remaining due frame is lost, except injected drops already counted.
                let missed = due - nextFrame - 1
                counters.produced += missed
                counters.dropped += missed + 1
                nextFrame = due
                break
            }
            capture(
                frame: nextFrame, into: queued.removeFirst(),
                at: streamStart + Self.duration(Int128(nextFrame + 1) * interval))
            nextFrame += 1
        }
    }

    private mutating func capture(frame: Int, into index: Int, at time: Duration) {
        var bytes = FrameRenderer.render(
            source.frame(at: frame), as: format, size: size,
            encoder: configuration.jpegEncoder)
        if format == .mjpeg && corruptNextJPEG {
            corruptNextJPEG = false
            bytes = FrameRenderer.corrupt(bytes)
        }
        bytes = Array(bytes.prefix(buffers[index].length))
        _ = node.write(bytes, at: buffers[index].offset)
        buffers[index].owner = .done
        buffers[index].bytesUsed = bytes.count
        buffers[index].sequence = UInt32(truncatingIfNeeded: frame)
        buffers[index].timestamp = time
        done.append(index)
    }

    static func attoseconds(_ duration: Duration) -> Int128 {
        let (seconds, attoseconds) = duration.components
        return Int128(seconds) * 1_000_000_000_000_000_000 + Int128(attoseconds)
    }

    static func duration(_ attoseconds: Int128) -> Duration {
        let scale: Int128 = 1_000_000_000_000_000_000
        return Duration(
            secondsComponent: Int64(attoseconds / scale),
            attosecondsComponent: Int64(attoseconds % scale))
    }
}

/// An errno a device operation fails with.
struct CameraErrno: Error {
    let value: Int32
    init(_ value: Int32) { self.value = value }
}
