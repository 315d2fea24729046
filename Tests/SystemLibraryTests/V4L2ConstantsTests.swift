import CV4L2
import Testing

/// The request codes encode direction, size and number (`_IOR('V', 0, struct v4l2_capability)` …):
/// a wrong struct layout or header order in the shim would change them.
@Suite("CV4L2 request constants")
struct V4L2ConstantsTests {
    private func ioc(_ dir: UInt, _ nr: UInt, _ size: Int) -> UInt {
        (dir << 30) | (UInt(size) << 16) | (UInt(UInt8(ascii: "V")) << 8) | nr
    }
    private let read: UInt = 2
    private let readWrite: UInt = 3
    private let write: UInt = 1

    @Test func queryCap() {
        #expect(CV4L2_VIDIOC_QUERYCAP == ioc(read, 0, MemoryLayout<v4l2_capability>.size))
        #expect(CV4L2_VIDIOC_QUERYCAP == 0x8068_5600)
    }

    @Test func formatAndBuffers() {
        #expect(CV4L2_VIDIOC_S_FMT == ioc(readWrite, 5, MemoryLayout<v4l2_format>.size))
        #expect(CV4L2_VIDIOC_REQBUFS == ioc(readWrite, 8, MemoryLayout<v4l2_requestbuffers>.size))
        #expect(CV4L2_VIDIOC_QBUF == ioc(readWrite, 15, MemoryLayout<v4l2_buffer>.size))
        #expect(CV4L2_VIDIOC_DQBUF == ioc(readWrite, 17, MemoryLayout<v4l2_buffer>.size))
        #expect(CV4L2_VIDIOC_STREAMON == ioc(write, 18, MemoryLayout<Int32>.size))
    }

    @Test func pixelFormats() {
        func fourcc(_ s: String) -> UInt32 {
            s.utf8.enumerated().reduce(0) { $0 | (UInt32($1.element) << (8 * UInt32($1.offset))) }
        }
        #expect(CV4L2_PIX_FMT_YUYV == fourcc("YUYV"))
        #expect(CV4L2_PIX_FMT_MJPEG == fourcc("MJPG"))
        #expect(CV4L2_PIX_FMT_GREY == fourcc("GREY"))
    }
}
