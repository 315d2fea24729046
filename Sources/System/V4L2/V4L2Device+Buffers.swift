import CV4L2

/// Where QUERYBUF says an MMAP buffer lives.
public struct V4L2BufferInfo: Sendable, Hashable {
    public let index: Int
    /// The mmap offset on the device node.
    public let offset: Int
    /// The buffer's size in bytes.
    public let length: Int
}

/// One buffer as VIDIOC_DQBUF handed it back.
public struct V4L2DequeuedBuffer: Sendable, Hashable {
    public let index: Int
    /// Bytes of frame data at the start of the buffer.
    public let bytesUsed: Int
    /// The driver's frame counter; gaps mean dropped frames.
    public let sequence: UInt32
    /// Capture time (CLOCK_MONOTONIC for drivers that set V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC).
    public let timestamp: Duration
    /// Raw V4L2_BUF_FLAG_* bits.
    public let flags: UInt32

    public init(index: Int, bytesUsed: Int, sequence: UInt32, timestamp: Duration, flags: UInt32) {
        self.index = index
        self.bytesUsed = bytesUsed
        self.sequence = sequence
        self.timestamp = timestamp
        self.flags = flags
    }

    /// The driver marked the data as corrupt (V4L2_BUF_FLAG_ERROR).
    public var isError: Bool { flags & UInt32(V4L2_BUF_FLAG_ERROR) != 0 }
}

extension V4L2Device {
    /// VIDIOC_REQBUFS with MMAP memory; returns how many buffers the driver allocated (0 frees them all).
    @discardableResult
    public func requestBuffers(count: UInt32) throws(V4L2Error) -> UInt32 {
        var raw = v4l2_requestbuffers()
        raw.count = count
        raw.type = videoCaptureBufferType
        raw.memory = V4L2_MEMORY_MMAP.rawValue
        try control(.requestBuffers, &raw)
        return raw.count
    }

    /// VIDIOC_QUERYBUF: the mmap offset and length of buffer `index`.
    public func queryBuffer(index: Int) throws(V4L2Error) -> V4L2BufferInfo {
        var raw = newBuffer(index: index)
        try control(.queryBuffer, &raw)
        return V4L2BufferInfo(index: Int(raw.index), offset: Int(raw.m.offset), length: Int(raw.length))
    }

    /// VIDIOC_QBUF: gives buffer `index` to the driver to fill.
    public func queueBuffer(index: Int) throws(V4L2Error) {
        var raw = newBuffer(index: index)
        try control(.queueBuffer, &raw)
    }

    /// VIDIOC_DQBUF: the next filled buffer, or nil when none is ready yet (EAGAIN on the non-blocking node).
    public func dequeueBuffer() throws(V4L2Error) -> V4L2DequeuedBuffer? {
        var raw = newBuffer(index: 0)
        do {
            try control(.dequeueBuffer, &raw)
        } catch .wouldBlock {
            return nil
        }
        let seconds = Int64(raw.timestamp.tv_sec)
        let microseconds = Int64(raw.timestamp.tv_usec)
        return V4L2DequeuedBuffer(
            index: Int(raw.index), bytesUsed: Int(raw.bytesused), sequence: raw.sequence,
            timestamp: .seconds(seconds) + .microseconds(microseconds), flags: raw.flags)
    }

    /// VIDIOC_STREAMON for video capture.
    public func streamOn() throws(V4L2Error) {
        var type = CInt(bitPattern: videoCaptureBufferType)
        try control(.streamOn, &type)
    }

    /// VIDIOC_STREAMOFF for video capture; also returns every buffer to the dequeued state.
    public func streamOff() throws(V4L2Error) {
        var type = CInt(bitPattern: videoCaptureBufferType)
        try control(.streamOff, &type)
    }

    private func newBuffer(index: Int) -> v4l2_buffer {
        var raw = v4l2_buffer()
        raw.index = UInt32(truncatingIfNeeded: index)
        raw.type = videoCaptureBufferType
        raw.memory = V4L2_MEMORY_MMAP.rawValue
        return raw
    }
}
