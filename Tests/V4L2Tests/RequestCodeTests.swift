import CV4L2
import Testing

@testable import V4L2

/// Re-derives each VIDIOC_* code the way <asm-generic/ioctl.h> builds `_IOR/_IOW/_IOWR('V', nr, T)`
/// from the Swift-imported struct's size, so a layout mismatch between Swift and the kernel shows up.
@Suite struct RequestCodeTests {
    enum Direction: UInt { case write = 1, read = 2, readWrite = 3 }

    static func encode(_ direction: Direction, _ number: UInt, size: Int) -> UInt {
        direction.rawValue << 30 | UInt(size) << 16 | UInt(UInt8(ascii: "V")) << 8 | number
    }

    static let expectations: [(V4L2Request, Direction, UInt, Int, Int)] = [
        // request, direction, number, Swift struct size, kernel size on 64-bit Linux
        (.queryCapabilities, .read, 0, MemoryLayout<v4l2_capability>.size, 104),
        (.enumerateFormats, .readWrite, 2, MemoryLayout<v4l2_fmtdesc>.size, 64),
        (.getFormat, .readWrite, 4, MemoryLayout<v4l2_format>.size, 208),
        (.setFormat, .readWrite, 5, MemoryLayout<v4l2_format>.size, 208),
        (.requestBuffers, .readWrite, 8, MemoryLayout<v4l2_requestbuffers>.size, 20),
        (.queryBuffer, .readWrite, 9, MemoryLayout<v4l2_buffer>.size, 88),
        (.queueBuffer, .readWrite, 15, MemoryLayout<v4l2_buffer>.size, 88),
        (.dequeueBuffer, .readWrite, 17, MemoryLayout<v4l2_buffer>.size, 88),
        (.streamOn, .write, 18, MemoryLayout<CInt>.size, 4),
        (.streamOff, .write, 19, MemoryLayout<CInt>.size, 4),
        (.getParameters, .readWrite, 21, MemoryLayout<v4l2_streamparm>.size, 204),
        (.setParameters, .readWrite, 22, MemoryLayout<v4l2_streamparm>.size, 204),
        (.getControl, .readWrite, 27, MemoryLayout<v4l2_control>.size, 8),
        (.setControl, .readWrite, 28, MemoryLayout<v4l2_control>.size, 8),
        (.queryControl, .readWrite, 36, MemoryLayout<v4l2_queryctrl>.size, 68),
        (.tryFormat, .readWrite, 64, MemoryLayout<v4l2_format>.size, 208),
        (.enumerateFrameSizes, .readWrite, 74, MemoryLayout<v4l2_frmsizeenum>.size, 44),
        (.enumerateFrameIntervals, .readWrite, 75, MemoryLayout<v4l2_frmivalenum>.size, 52),
    ]

    @Test(arguments: expectations.indices)
    func requestCodeMatchesEncodedStructSize(index: Int) {
        let (request, direction, number, swiftSize, kernelSize) = Self.expectations[index]
        #expect(swiftSize == kernelSize, "\(request.name): Swift sees \(swiftSize) bytes")
        #expect(request.code == Self.encode(direction, number, size: kernelSize), "\(request.name)")
    }

    @Test func knownAbsoluteValues() {
        #expect(V4L2Request.queryCapabilities.code == 0x8068_5600)
        #expect(V4L2Request.dequeueBuffer.code == 0xC058_5611)
    }

    @Test func everyRequestHasDistinctCodeAndName() {
        let requests = Self.expectations.map(\.0)
        #expect(Set(requests.map(\.code)).count == requests.count)
        #expect(requests.allSatisfy { $0.name.hasPrefix("VIDIOC_") })
    }

    @Test func controlIDsMatchTheKernel() {
        // V4L2_CID_BASE = 0x00980900, V4L2_CID_CAMERA_CLASS_BASE = 0x009a0900.
        #expect(V4L2ControlID.brightness.rawValue == 0x0098_0900)
        #expect(V4L2ControlID.gain.rawValue == 0x0098_0913)
        #expect(V4L2ControlID.exposureAuto.rawValue == 0x009A_0901)
        #expect(V4L2ControlID.exposureAbsolute.rawValue == 0x009A_0902)
    }
}
