import CV4L2
import SystemSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The writer side of a video-output node (a v4l2loopback device): set the format, then write frames.
/// Blocking: call from a thread of its own, never from the cooperative pool.
extension V4L2Device {
    /// VIDIOC_S_FMT on the output queue: asks for `format` and returns what the driver set.
    @discardableResult
    public func setOutputFormat(_ format: V4L2Format) throws(V4L2Error) -> V4L2Format {
        try exchangeFormat(.setFormat, format, bufferType: V4L2_BUF_TYPE_VIDEO_OUTPUT.rawValue)
    }

    /// Writes one whole frame with write(2), waiting (poll, `timeoutMilliseconds` at most per wait)
    /// while the driver has no free buffer; a short write is an error naming both lengths.
    public func writeFrame(_ frame: [UInt8], timeoutMilliseconds: Int32 = 1_000) throws(V4L2Error) {
        try withDescriptor { (fd: CInt) throws(V4L2Error) in
            while true {
                let outcome = retryingOnInterrupt { frame.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
                switch outcome {
                case .success(let written) where written == frame.count:
                    return
                case .success(let written):
                    throw V4L2Error.malformedResponse(
                        operation: "write", field: "length", expected: "\(frame.count) bytes (one frame)",
                        got: "\(written)")
                case .failure(let error) where error.code == EAGAIN:
                    var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    guard poll(&descriptor, 1, timeoutMilliseconds) > 0 else {
                        throw V4L2Error(errno: ETIMEDOUT, operation: "write (no free output buffer)")
                    }
                case .failure(let error):
                    throw V4L2Error(errno: error.code, operation: "write")
                }
            }
        }
    }
}
