import Testing

@testable import V4L2

/// Values a driver (or something posing as one) may report, against `V4L2Budget`: each is refused with
/// `.malformedResponse` naming the field and the limit, never a loop without end, a trap or a huge mapping.
@Suite("V4L2 driver values within the budget")
struct DriverValueChecksTests {
    static let budget = V4L2Budget.default

    @Test("an enumeration the driver never ends stops at the budget")
    func endlessEnumeration() {
        var calls = 0
        #expect(
            throws: V4L2Error.malformedResponse(
                operation: "VIDIOC_ENUM_FMT", field: "index", expected: "EINVAL after at most 256 entries",
                got: "256 entries and no end")
        ) {
            try V4L2ResponseChecks.enumerate(.enumerateFormats) { _ throws(V4L2Error) in
                calls += 1
                return true
            }
        }
        #expect(calls == Self.budget.maxEnumeratedEntries)
        var seen: [UInt32] = []
        #expect(throws: Never.self) {
            try V4L2ResponseChecks.enumerate(.enumerateFormats) { index throws(V4L2Error) in
                seen.append(index)
                return index < 3
            }
        }
        #expect(seen == [0, 1, 2, 3])
    }

    @Test("format sizes: zero, past 16 bits or UInt32.max; bytes per line and image size past the buffer budget")
    func formats() {
        func check(_ format: V4L2Format) -> V4L2Error? {
            do {
                try V4L2ResponseChecks.format(format, .setFormat)
                return nil
            } catch { return error }
        }
        #expect(
            check(V4L2Format(width: 640, height: 480, pixelFormat: .yuyv, bytesPerLine: 1280, sizeImage: 614_400))
                == nil)
        #expect(
            check(V4L2Format(width: 0, height: 480, pixelFormat: .yuyv))
                == .malformedResponse(
                    operation: "VIDIOC_S_FMT", field: "fmt.pix.width", expected: "1-65535 pixels", got: "0"))
        #expect(
            check(V4L2Format(width: 640, height: UInt32.max, pixelFormat: .yuyv))
                == .malformedResponse(
                    operation: "VIDIOC_S_FMT", field: "fmt.pix.height", expected: "1-65535 pixels",
                    got: "4294967295"))
        #expect(
            check(V4L2Format(width: 65_536, height: 65_536, pixelFormat: .grey))
                == .malformedResponse(
                    operation: "VIDIOC_S_FMT", field: "fmt.pix.width", expected: "1-65535 pixels", got: "65536"))
        #expect(
            check(V4L2Format(width: 640, height: 480, pixelFormat: .mjpeg, sizeImage: UInt32.max))
                == .malformedResponse(
                    operation: "VIDIOC_S_FMT", field: "fmt.pix.sizeimage", expected: "0-67108864 bytes",
                    got: "4294967295"))
        #expect(
            check(V4L2Format(width: 640, height: 480, pixelFormat: .yuyv, bytesPerLine: 0x8000_0000))
                == .malformedResponse(
                    operation: "VIDIOC_S_FMT", field: "fmt.pix.bytesperline", expected: "0-67108864 bytes",
                    got: "2147483648"))
    }

    @Test("frame-size ranges: sides within the budget, min ≤ max, a step of at least 1")
    func sizeRanges() throws {
        func check(_ min: V4L2Size, _ max: V4L2Size, _ step: V4L2Size) -> V4L2Error? {
            do {
                try V4L2ResponseChecks.sizeRange(min: min, max: max, step: step)
                return nil
            } catch { return error }
        }
        let small = V4L2Size(width: 160, height: 120)
        let large = V4L2Size(width: 1920, height: 1080)
        let one = V4L2Size(width: 1, height: 1)
        #expect(check(small, large, V4L2Size(width: 16, height: 8)) == nil)
        #expect(
            check(large, small, one)
                == .malformedResponse(
                    operation: "VIDIOC_ENUM_FRAMESIZES", field: "stepwise", expected: "min ≤ max",
                    got: "min 1920x1080, max 160x120"))
        #expect(
            check(small, large, V4L2Size(width: 0, height: 8))
                == .malformedResponse(
                    operation: "VIDIOC_ENUM_FRAMESIZES", field: "stepwise.step_width", expected: "1-65535 pixels",
                    got: "0"))
        #expect(
            check(small, V4L2Size(width: UInt32.max, height: UInt32.max), one)
                == .malformedResponse(
                    operation: "VIDIOC_ENUM_FRAMESIZES", field: "stepwise.max_width", expected: "1-65535 pixels",
                    got: "4294967295"))
    }

    @Test("granted buffer counts and buffer placements from REQBUFS and QUERYBUF")
    func buffers() {
        func granted(_ count: UInt32) -> V4L2Error? {
            do {
                try V4L2ResponseChecks.grantedBuffers(count)
                return nil
            } catch { return error }
        }
        #expect(granted(4) == nil)
        #expect(granted(32) == nil)
        #expect(
            granted(0)
                == .malformedResponse(
                    operation: "VIDIOC_REQBUFS", field: "count", expected: "1-32 buffers", got: "0"))
        #expect(
            granted(UInt32.max)
                == .malformedResponse(
                    operation: "VIDIOC_REQBUFS", field: "count", expected: "1-32 buffers", got: "4294967295"))
        func mappable(_ offset: Int, _ length: Int, pageSize: Int = 4096) -> V4L2Error? {
            do {
                try V4L2ResponseChecks.mappable(
                    V4L2BufferInfo(index: 0, offset: offset, length: length), pageSize: pageSize)
                return nil
            } catch { return error }
        }
        #expect(mappable(8192, 614_400) == nil)
        #expect(
            mappable(0, Int(UInt32.max))
                == .malformedResponse(
                    operation: "VIDIOC_QUERYBUF", field: "length", expected: "1-67108864 bytes", got: "4294967295"))
        #expect(
            mappable(0, 0)
                == .malformedResponse(
                    operation: "VIDIOC_QUERYBUF", field: "length", expected: "1-67108864 bytes", got: "0"))
        #expect(
            mappable(100, 4096)
                == .malformedResponse(
                    operation: "VIDIOC_QUERYBUF", field: "m.offset", expected: "a multiple of the page size 4096",
                    got: "100"))
        #expect(
            mappable(0, 4096, pageSize: 0)
                == .malformedResponse(
                    operation: "VIDIOC_QUERYBUF", field: "m.offset", expected: "a multiple of the page size 0",
                    got: "0"),
            "a page size of 0 (sysconf failing) is refused, not divided by")
    }
}
