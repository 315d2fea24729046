import CV4L2
import CameraSim
import Glibc
import Testing

extension CameraSimTier2Tests {
    @Suite struct DeviceQueryTests {
        @Test func querycapNamesTheDriverAndCapabilities() throws {
            let configuration = CameraConfiguration(name: "Test IR Cam", busInfo: "usb-test-1")
            try CameraFixture.run(configuration) { fixture in
                #expect(fixture.camera.devicePath == "/dev/video0")
                var info = stat()
                #expect(stat(fixture.camera.devicePath, &info) == 0)
                // umockdev presents the node as a character device 81:0, as udev would create it.
                #expect(info.st_mode & S_IFMT == S_IFCHR)
                #expect((info.st_rdev >> 8) & 0xFFF == 81 && info.st_rdev & 0xFF == 0)
                let cap = try fixture.device.capability()
                #expect(cString(cap.driver) == "camerasim")
                #expect(cString(cap.card) == "Test IR Cam")
                #expect(cString(cap.bus_info) == "usb-test-1")
                #expect(cap.device_caps == CV4L2_CAP_VIDEO_CAPTURE | CV4L2_CAP_STREAMING)
                #expect(cap.capabilities & CV4L2_CAP_DEVICE_CAPS != 0)
            }
        }

        @Test func enumFmtListsTheConfiguredFormatsThenEinval() throws {
            let configuration = CameraConfiguration(formats: [.yuyv, .grey])
            try CameraFixture.run(configuration) { fixture in
                var found: [UInt32] = []
                var index: UInt32 = 0
                while true {
                    var desc = v4l2_fmtdesc()
                    desc.index = index
                    desc.type = CV4L2_BUF_TYPE_VIDEO_CAPTURE
                    let error = fixture.device.call(CV4L2_VIDIOC_ENUM_FMT, &desc)
                    if error != 0 {
                        #expect(error == EINVAL)
                        break
                    }
                    found.append(desc.pixelformat)
                    index += 1
                }
                #expect(found == [CV4L2_PIX_FMT_YUYV, CV4L2_PIX_FMT_GREY])
            }
        }

        @Test func enumFrameSizesAndIntervalsAreDiscrete() throws {
            try CameraFixture.run { fixture in
                var sizes: [String] = []
                for index in 0..<10 {
                    var size = v4l2_frmsizeenum()
                    size.index = UInt32(index)
                    size.pixel_format = CV4L2_PIX_FMT_GREY
                    guard fixture.device.call(CV4L2_VIDIOC_ENUM_FRAMESIZES, &size) == 0 else { break }
                    #expect(size.type == CV4L2_FRMSIZE_TYPE_DISCRETE)
                    sizes.append("\(size.discrete.width)x\(size.discrete.height)")
                }
                #expect(sizes == ["640x480", "320x240", "1280x720"])

                var rates: [UInt32] = []
                for index in 0..<10 {
                    var interval = v4l2_frmivalenum()
                    interval.index = UInt32(index)
                    interval.pixel_format = CV4L2_PIX_FMT_GREY
                    interval.width = 320
                    interval.height = 240
                    guard fixture.device.call(CV4L2_VIDIOC_ENUM_FRAMEINTERVALS, &interval) == 0 else { break }
                    #expect(interval.discrete.numerator == 1)
                    rates.append(interval.discrete.denominator)
                }
                #expect(rates == [30, 15, 5])

                var unknown = v4l2_frmsizeenum()
                unknown.pixel_format = CV4L2_PIX_FMT_MJPEG
                #expect(fixture.device.call(CV4L2_VIDIOC_ENUM_FRAMESIZES, &unknown) == EINVAL)
                var oddSize = v4l2_frmivalenum()
                oddSize.pixel_format = CV4L2_PIX_FMT_GREY
                oddSize.width = 333
                oddSize.height = 222
                #expect(fixture.device.call(CV4L2_VIDIOC_ENUM_FRAMEINTERVALS, &oddSize) == EINVAL)
            }
        }

        @Test func unknownIoctlFailsWithEnotty() throws {
            try CameraFixture.run { fixture in
                var standard: UInt64 = 0
                #expect(fixture.device.call(CV4L2_VIDIOC_G_STD_FOR_TEST, &standard) == ENOTTY)
            }
        }
    }
}

/// VIDIOC_G_STD (_IOR('V', 23, v4l2_std_id)): a real V4L2 request a camera does not implement.
let CV4L2_VIDIOC_G_STD_FOR_TEST: UInt = (2 << 30) | (8 << 16) | (UInt(UInt8(ascii: "V")) << 8) | 23
