import CV4L2
import SystemSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One VIDIOC_* request: its code from <linux/videodev2.h> (via CV4L2) and its name for errors.
struct V4L2Request: Sendable, Hashable {
    let name: String
    let code: UInt

    static let queryCapabilities = V4L2Request(name: "VIDIOC_QUERYCAP", code: CV4L2_VIDIOC_QUERYCAP)
    static let enumerateFormats = V4L2Request(name: "VIDIOC_ENUM_FMT", code: CV4L2_VIDIOC_ENUM_FMT)
    static let getFormat = V4L2Request(name: "VIDIOC_G_FMT", code: CV4L2_VIDIOC_G_FMT)
    static let setFormat = V4L2Request(name: "VIDIOC_S_FMT", code: CV4L2_VIDIOC_S_FMT)
    static let tryFormat = V4L2Request(name: "VIDIOC_TRY_FMT", code: CV4L2_VIDIOC_TRY_FMT)
    static let requestBuffers = V4L2Request(name: "VIDIOC_REQBUFS", code: CV4L2_VIDIOC_REQBUFS)
    static let queryBuffer = V4L2Request(name: "VIDIOC_QUERYBUF", code: CV4L2_VIDIOC_QUERYBUF)
    static let queueBuffer = V4L2Request(name: "VIDIOC_QBUF", code: CV4L2_VIDIOC_QBUF)
    static let dequeueBuffer = V4L2Request(name: "VIDIOC_DQBUF", code: CV4L2_VIDIOC_DQBUF)
    static let streamOn = V4L2Request(name: "VIDIOC_STREAMON", code: CV4L2_VIDIOC_STREAMON)
    static let streamOff = V4L2Request(name: "VIDIOC_STREAMOFF", code: CV4L2_VIDIOC_STREAMOFF)
    static let enumerateFrameSizes = V4L2Request(name: "VIDIOC_ENUM_FRAMESIZES", code: CV4L2_VIDIOC_ENUM_FRAMESIZES)
    static let enumerateFrameIntervals = V4L2Request(
        name: "VIDIOC_ENUM_FRAMEINTERVALS", code: CV4L2_VIDIOC_ENUM_FRAMEINTERVALS)
    static let getParameters = V4L2Request(name: "VIDIOC_G_PARM", code: CV4L2_VIDIOC_G_PARM)
    static let setParameters = V4L2Request(name: "VIDIOC_S_PARM", code: CV4L2_VIDIOC_S_PARM)
    static let queryControl = V4L2Request(name: "VIDIOC_QUERYCTRL", code: CV4L2_VIDIOC_QUERYCTRL)
    static let getControl = V4L2Request(name: "VIDIOC_G_CTRL", code: CV4L2_VIDIOC_G_CTRL)
    static let setControl = V4L2Request(name: "VIDIOC_S_CTRL", code: CV4L2_VIDIOC_S_CTRL)
}

/// Issues `request` on `fd` with Glibc's `ioctl` (so LD_PRELOAD wrappers such as umockdev see it; libv4l2's
/// `v4l2_ioctl` would bypass them), retrying when interrupted and mapping any other failure to a typed error.
func v4l2IOControl<Argument>(
    _ fd: CInt, _ request: V4L2Request, _ argument: inout Argument
) throws(V4L2Error) {
    let result = retryingOnInterrupt {
        withUnsafeMutablePointer(to: &argument) { pointer in
            ioctl(fd, request.code, UnsafeMutableRawPointer(pointer))
        }
    }
    if case .failure(let error) = result {
        throw V4L2Error(errno: error.code, operation: request.name)
    }
}
