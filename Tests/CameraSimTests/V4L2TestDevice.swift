import CV4L2
import Glibc
import Testing

/// The raw V4L2 path a driver takes: open, ioctl and mmap on the camera node, nothing in between.
final class V4L2TestDevice {
    let fd: Int32
    private var mappings: [(UnsafeMutableRawPointer, Int)] = []

    init(path: String) throws {
        fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        try #require(fd >= 0, "open(\(path)) failed: errno \(errno)")
    }

    deinit {
        for (address, length) in mappings { munmap(address, length) }
        close(fd)
    }

    /// The errno of `request` on `value`, 0 on success.
    func call<T>(_ request: UInt, _ value: inout T) -> Int32 {
        withUnsafeMutablePointer(to: &value) { pointer in
            ioctl(fd, request, UnsafeMutableRawPointer(pointer)) == 0 ? 0 : errno
        }
    }

    func capability() throws -> v4l2_capability {
        var cap = v4l2_capability()
        try #require(call(CV4L2_VIDIOC_QUERYCAP, &cap) == 0)
        return cap
    }

    func setFormat(_ fourcc: UInt32, width: Int, height: Int, request: UInt = CV4L2_VIDIOC_S_FMT)
        -> (errno: Int32, format: v4l2_pix_format)
    {
        var format = v4l2_format()
        format.type = CV4L2_BUF_TYPE_VIDEO_CAPTURE
        format.fmt.pix.pixelformat = fourcc
        format.fmt.pix.width = UInt32(width)
        format.fmt.pix.height = UInt32(height)
        let error = call(request, &format)
        return (error, format.fmt.pix)
    }

    func currentFormat() throws -> v4l2_pix_format {
        var format = v4l2_format()
        format.type = CV4L2_BUF_TYPE_VIDEO_CAPTURE
        try #require(call(CV4L2_VIDIOC_G_FMT, &format) == 0)
        return format.fmt.pix
    }

    func requestBuffers(_ count: Int) -> (errno: Int32, count: Int) {
        var request = v4l2_requestbuffers()
        request.count = UInt32(count)
        request.type = CV4L2_BUF_TYPE_VIDEO_CAPTURE
        request.memory = CV4L2_MEMORY_MMAP
        let error = call(CV4L2_VIDIOC_REQBUFS, &request)
        return (error, Int(request.count))
    }

    func queryBuffer(_ index: Int) -> (errno: Int32, buffer: v4l2_buffer) {
        var buffer = Self.buffer(index: index)
        let error = call(CV4L2_VIDIOC_QUERYBUF, &buffer)
        return (error, buffer)
    }

    /// QUERYBUF + mmap of buffer `index`.
    func map(_ index: Int) throws -> UnsafeRawBufferPointer {
        let (error, buffer) = queryBuffer(index)
        try #require(error == 0, "QUERYBUF \(index): errno \(error)")
        let length = Int(buffer.length)
        let address = mmap(nil, length, PROT_READ, MAP_SHARED, fd, off_t(buffer.m.offset))
        try #require(address != UnsafeMutableRawPointer(bitPattern: -1), "mmap failed: errno \(errno)")
        let mapped = try #require(address)
        mappings.append((mapped, length))
        return UnsafeRawBufferPointer(start: mapped, count: length)
    }

    func queue(_ index: Int) -> Int32 {
        var buffer = Self.buffer(index: index)
        return call(CV4L2_VIDIOC_QBUF, &buffer)
    }

    func dequeue() -> (errno: Int32, buffer: v4l2_buffer) {
        var buffer = Self.buffer(index: 0)
        let error = call(CV4L2_VIDIOC_DQBUF, &buffer)
        return (error, buffer)
    }

    func stream(_ on: Bool) -> Int32 {
        var type = CV4L2_BUF_TYPE_VIDEO_CAPTURE
        return call(on ? CV4L2_VIDIOC_STREAMON : CV4L2_VIDIOC_STREAMOFF, &type)
    }

    /// DQBUF until a buffer comes, tolerating EAGAIN (the node's poll() is always ready, so there is
    /// nothing to wait on); fails after `attempts` tries.
    func dequeueFrame(attempts: Int = 200) throws -> v4l2_buffer {
        for _ in 0..<attempts {
            let (error, buffer) = dequeue()
            if error == 0 { return buffer }
            try #require(error == EAGAIN, "DQBUF: errno \(error)")
            usleep(1000)
        }
        Issue.record("no frame after \(attempts) DQBUF attempts")
        throw CameraTestFailure.noFrame
    }

    static func buffer(index: Int) -> v4l2_buffer {
        var buffer = v4l2_buffer()
        buffer.index = UInt32(index)
        buffer.type = CV4L2_BUF_TYPE_VIDEO_CAPTURE
        buffer.memory = CV4L2_MEMORY_MMAP
        return buffer
    }
}

enum CameraTestFailure: Error {
    case noFrame
}

/// A fixed-size C char array as a Swift string.
func cString<Tuple>(_ field: Tuple) -> String {
    withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
}
