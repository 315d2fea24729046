import Glibc
import Testing

@testable import V4L2

@Suite struct V4L2ErrorTests {
    @Test(arguments: [
        (EINVAL, V4L2Error.invalidArgument(operation: "VIDIOC_S_FMT")),
        (ENOTTY, .notAV4L2Ioctl(operation: "VIDIOC_S_FMT")),
        (EBUSY, .busy(operation: "VIDIOC_S_FMT")),
        (ENODEV, .deviceGone(operation: "VIDIOC_S_FMT")),
        (ENXIO, .deviceGone(operation: "VIDIOC_S_FMT")),
        (EIO, .io(operation: "VIDIOC_S_FMT")),
        (EAGAIN, .wouldBlock(operation: "VIDIOC_S_FMT")),
        (ENOMEM, .outOfMemory(operation: "VIDIOC_S_FMT")),
        (EPERM, .permissionDenied(path: "VIDIOC_S_FMT")),
        (EACCES, .permissionDenied(path: "VIDIOC_S_FMT")),
        (ENOENT, .notFound(path: "VIDIOC_S_FMT")),
    ])
    func mapsErrno(code: Int32, expected: V4L2Error) {
        #expect(V4L2Error(errno: code, operation: "VIDIOC_S_FMT") == expected)
    }

    @Test func unknownErrnoKeepsCodeAndCLibraryText() {
        let error = V4L2Error(errno: EPIPE, operation: "VIDIOC_DQBUF")
        #expect(error == .other(operation: "VIDIOC_DQBUF", errno: EPIPE, message: String(cString: strerror(EPIPE))))
        #expect(error.description.contains("VIDIOC_DQBUF"))
        #expect(error.description.contains("errno \(EPIPE)"))
    }

    @Test func invalidArgumentNamesTheIoctl() {
        let text = V4L2Error(errno: EINVAL, operation: "VIDIOC_ENUM_FRAMEINTERVALS").description
        #expect(text.contains("VIDIOC_ENUM_FRAMEINTERVALS"))
        #expect(text.contains("EINVAL"))
    }

    @Test func permissionDeniedNamesUdevRuleAndGroup() {
        let text = V4L2Error(errno: EACCES, operation: "/dev/video0").description
        #expect(text.contains("/dev/video0"))
        #expect(text.contains("udev/60-attendance-terminal.rules"))
        #expect(text.contains("'attendance'"))
    }

    @Test func onlyDeviceGoneReportsDeviceGone() {
        #expect(V4L2Error(errno: ENODEV, operation: "x").isDeviceGone)
        #expect(!V4L2Error(errno: EIO, operation: "x").isDeviceGone)
        #expect(!V4L2Error.streamEnded.isDeviceGone)
    }

    @Test func malformedResponseNamesFieldAndExpectation() {
        let text = V4L2Error.malformedResponse(
            operation: "VIDIOC_QUERYBUF", field: "m.offset", expected: "a multiple of the page size 4096", got: "100"
        ).description
        #expect(text.contains("VIDIOC_QUERYBUF"))
        #expect(text.contains("m.offset = 100"))
        #expect(text.contains("page size 4096"))
    }
}
