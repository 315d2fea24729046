import CV4L2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A kernel capture queue: MMAP buffers requested, mapped and queued, streaming on.
final class MMapCaptureSource: CaptureSource {
    let device: V4L2Device
    let regions: [MappedRegion]
    private let ownsDevice: Bool

    /// REQBUFS `count`, QUERYBUF + mmap each buffer, QBUF them all, STREAMON. Undoes everything on failure.
    /// The granted count and each buffer's size and offset are checked against `V4L2Budget` first.
    init(device: V4L2Device, count: UInt32, ownsDevice: Bool) throws(V4L2Error) {
        self.device = device
        self.ownsDevice = ownsDevice
        let granted = try device.requestBuffers(count: count)
        var mapped: [MappedRegion] = []
        do {
            try V4L2ResponseChecks.grantedBuffers(granted)
            for index in 0..<Int(granted) {
                mapped.append(try Self.map(device: device, index: index))
            }
            for index in mapped.indices {
                try device.queueBuffer(index: index)
            }
            try device.streamOn()
        } catch {
            Self.release(device: device, regions: mapped)
            throw error
        }
        regions = mapped
    }

    var pollDescriptor: CInt? { device.pollDescriptor }

    func dequeue() throws(V4L2Error) -> V4L2DequeuedBuffer? {
        let buffer: V4L2DequeuedBuffer?
        do {
            buffer = try device.dequeueBuffer()
        } catch .io(let operation) {
            // uvcvideo fails the queue with EIO on unplug; QUERYCAP then tells a vanished device apart.
            do { _ = try device.capabilities() } catch .deviceGone(let gone) { throw .deviceGone(operation: gone) }
            throw .io(operation: operation)
        }
        guard let buffer else { return nil }
        guard regions.indices.contains(buffer.index) else {
            throw .malformedResponse(
                operation: V4L2Request.dequeueBuffer.name, field: "index",
                expected: "0..<\(regions.count)", got: "\(buffer.index)")
        }
        guard buffer.bytesUsed <= regions[buffer.index].length else {
            throw .malformedResponse(
                operation: V4L2Request.dequeueBuffer.name, field: "bytesused",
                expected: "at most the buffer length \(regions[buffer.index].length)", got: "\(buffer.bytesUsed)")
        }
        return buffer
    }

    func requeue(_ index: Int) throws(V4L2Error) {
        try device.queueBuffer(index: index)
    }

    func teardown() {
        try? device.streamOff()
        Self.release(device: device, regions: regions)
        if ownsDevice { device.close() }
    }

    private static func map(device: V4L2Device, index: Int) throws(V4L2Error) -> MappedRegion {
        let info = try device.queryBuffer(index: index)
        try V4L2ResponseChecks.mappable(info, pageSize: sysconf(Int32(_SC_PAGESIZE)))
        let address = try device.withDescriptor { fd throws(V4L2Error) in
            let pointer = mmap(nil, info.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(info.offset))
            guard let pointer, pointer != UnsafeMutableRawPointer(bitPattern: -1) else {
                throw V4L2Error(errno: errno, operation: "mmap(buffer \(index))")
            }
            return UnsafeRawPointer(pointer)
        }
        return MappedRegion(base: address, length: info.length)
    }

    private static func release(device: V4L2Device, regions: [MappedRegion]) {
        for region in regions {
            munmap(UnsafeMutableRawPointer(mutating: region.base), region.length)
        }
        // Frees the driver's buffers; vb2 refuses this while any is still mapped, hence after munmap.
        _ = try? device.requestBuffers(count: 0)
    }
}
