import CV4L2
import Synchronization
import SystemSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An open V4L2 node. Every ioctl goes through Glibc `ioctl` with the CV4L2 request codes.
///
/// Sendable: the descriptor lives in a `Mutex`, ioctls run while holding it, so `close()` can never
/// race an ioctl onto a reused descriptor number.
public final class V4L2Device: Sendable {
    /// The path this handle was opened from.
    public let path: String
    private let descriptor: Mutex<CInt?>

    /// Opens `path` read-write and non-blocking (DQBUF then reports EAGAIN instead of sleeping).
    public init(path: String) throws(V4L2Error) {
        self.path = path
        switch retryingOnInterrupt({ open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC) }) {
        case .success(let fd): descriptor = Mutex(fd)
        case .failure(let error): throw V4L2Error(errno: error.code, operation: path)
        }
    }

    deinit { close() }

    /// Closes the node; later calls throw `.closed`. Safe to call more than once.
    public func close() {
        let fd = descriptor.withLock { value -> CInt? in
            defer { value = nil }
            return value
        }
        if let fd { closeDescriptor(fd) }
    }

    /// Whether `close()` has run.
    public var isClosed: Bool { descriptor.withLock { $0 == nil } }

    /// The raw descriptor for `poll()`; nil once closed. Only the capture thread that owns the stream polls it.
    var pollDescriptor: CInt? { descriptor.withLock { $0 } }

    /// Runs one ioctl on the open descriptor.
    func control<Argument>(_ request: V4L2Request, _ argument: inout Argument) throws(V4L2Error) {
        try descriptor.withLock { (fd: inout CInt?) throws(V4L2Error) in
            guard let open = fd else { throw V4L2Error.closed(path: path) }
            try v4l2IOControl(open, request, &argument)
        }
    }

    /// Runs `body` with the open descriptor held (used for mmap, which must not race `close()`).
    func withDescriptor<R>(_ body: (CInt) throws(V4L2Error) -> R) throws(V4L2Error) -> R {
        try descriptor.withLock { (fd: inout CInt?) throws(V4L2Error) -> sending R in
            guard let open = fd else { throw V4L2Error.closed(path: path) }
            return try body(open)
        }
    }

    /// VIDIOC_QUERYCAP: driver, card, bus and capability flags.
    public func capabilities() throws(V4L2Error) -> V4L2Capabilities {
        var raw = v4l2_capability()
        try control(.queryCapabilities, &raw)
        return V4L2Capabilities(raw)
    }
}

/// The kernel's numeric value for single-planar video capture buffers.
let videoCaptureBufferType = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue

/// The C library's close, outside the class so the name is not shadowed by `V4L2Device.close()`.
func closeDescriptor(_ fd: CInt) {
    _ = close(fd)
}
