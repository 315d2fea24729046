import Testing

@testable import V4L2

/// A regular file named video0 answers every ioctl with ENOTTY: each device call must fail with a typed
/// error naming exactly the ioctl it issued (and never mistake ENOTTY for the end of an enumeration).
@Suite struct RegularFileIoctlTests {
    typealias Call = @Sendable (V4L2Device) throws -> Void

    static let calls: [(String, Call)] = [
        ("VIDIOC_QUERYCAP", { _ = try $0.capabilities() }),
        ("VIDIOC_ENUM_FMT", { _ = try $0.pixelFormats() }),
        ("VIDIOC_ENUM_FRAMESIZES", { _ = try $0.frameSizes(for: .yuyv) }),
        (
            "VIDIOC_ENUM_FRAMEINTERVALS",
            { _ = try $0.frameIntervals(for: .yuyv, size: V4L2Size(width: 640, height: 480)) }
        ),
        ("VIDIOC_G_FMT", { _ = try $0.format() }),
        ("VIDIOC_S_FMT", { try $0.setFormat(V4L2Format(width: 640, height: 480, pixelFormat: .yuyv)) }),
        ("VIDIOC_TRY_FMT", { _ = try $0.tryFormat(V4L2Format(width: 640, height: 480, pixelFormat: .yuyv)) }),
        ("VIDIOC_G_PARM", { _ = try $0.frameInterval() }),
        ("VIDIOC_S_PARM", { try $0.setFrameInterval(.interval(framesPerSecond: 30)) }),
        ("VIDIOC_QUERYCTRL", { _ = try $0.queryControl(.gain) }),
        ("VIDIOC_QUERYCTRL", { _ = try $0.controls() }),
        ("VIDIOC_G_CTRL", { _ = try $0.controlValue(.brightness) }),
        ("VIDIOC_S_CTRL", { try $0.setControlValue(.exposureAbsolute, 100) }),
        ("VIDIOC_S_CTRL", { try $0.setExposureMode(.manual) }),
        ("VIDIOC_REQBUFS", { try $0.requestBuffers(count: 4) }),
        ("VIDIOC_QUERYBUF", { _ = try $0.queryBuffer(index: 0) }),
        ("VIDIOC_QBUF", { try $0.queueBuffer(index: 0) }),
        ("VIDIOC_DQBUF", { _ = try $0.dequeueBuffer() }),
        ("VIDIOC_STREAMON", { try $0.streamOn() }),
        ("VIDIOC_STREAMOFF", { try $0.streamOff() }),
        ("VIDIOC_G_FMT", { _ = try V4L2Stream.start(device: $0) }),
    ]

    @Test(arguments: calls.indices)
    func failsNamingItsIoctl(index: Int) throws {
        let (name, call) = Self.calls[index]
        let directory = try DiscoveryTests.TemporaryDirectory()
        defer { directory.remove() }
        directory.touch("video0")
        let device = try V4L2Device(path: directory.path + "/video0")
        defer { device.close() }
        #expect(throws: V4L2Error.notAV4L2Ioctl(operation: name)) { try call(device) }
    }
}
