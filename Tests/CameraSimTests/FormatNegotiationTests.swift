import CV4L2
import CameraSim
import Glibc
import Testing

extension CameraSimTier2Tests {
    @Suite struct FormatNegotiationTests {
        @Test func sFmtAdjustsToTheNearestSizeAndFillsStrideAndSize() throws {
            try CameraFixture.run { fixture in
                let (error, pix) = fixture.device.setFormat(CV4L2_PIX_FMT_YUYV, width: 700, height: 500)
                #expect(error == 0)
                #expect(pix.width == 640 && pix.height == 480)
                #expect(pix.pixelformat == CV4L2_PIX_FMT_YUYV)
                #expect(pix.bytesperline == 1280)
                #expect(pix.sizeimage == 640 * 480 * 2)
                #expect(pix.field == CV4L2_FIELD_NONE)
                let current = try fixture.device.currentFormat()
                #expect(current.width == 640 && current.pixelformat == CV4L2_PIX_FMT_YUYV)
                #expect(fixture.camera.pixelFormat == .yuyv)
            }
        }

        @Test func tryFmtAnswersWithoutChangingTheFormat() throws {
            try CameraFixture.run { fixture in
                let (error, pix) = fixture.device.setFormat(
                    CV4L2_PIX_FMT_GREY, width: 1300, height: 700,
                    request: CV4L2_VIDIOC_TRY_FMT)
                #expect(error == 0)
                #expect(pix.width == 1280 && pix.height == 720 && pix.sizeimage == 1280 * 720)
                let current = try fixture.device.currentFormat()
                #expect(current.width == 640 && current.height == 480)
            }
        }

        @Test func unsupportedPixelFormatFallsBackToTheDefault() throws {
            try CameraFixture.run { fixture in
                let (error, pix) = fixture.device.setFormat(CV4L2_PIX_FMT_MJPEG, width: 320, height: 240)
                #expect(error == 0)
                #expect(pix.pixelformat == CV4L2_PIX_FMT_GREY)
                #expect(pix.width == 320)
            }
        }

        @Test func sFmtIsBusyWhileBuffersExist() throws {
            try CameraFixture.run { fixture in
                #expect(fixture.device.requestBuffers(2).errno == 0)
                #expect(fixture.device.setFormat(CV4L2_PIX_FMT_GREY, width: 320, height: 240).errno == EBUSY)
                #expect(fixture.device.requestBuffers(0) == (0, 0))
                #expect(fixture.device.setFormat(CV4L2_PIX_FMT_GREY, width: 320, height: 240).errno == 0)
            }
        }

        @Test func sParmPicksTheNearestOfferedRate() throws {
            try CameraFixture.run { fixture in
                var parm = v4l2_streamparm()
                parm.type = CV4L2_BUF_TYPE_VIDEO_CAPTURE
                #expect(fixture.device.call(CV4L2_VIDIOC_G_PARM, &parm) == 0)
                #expect(parm.parm.capture.timeperframe.denominator == 30)
                #expect(parm.parm.capture.capability & 0x1000 != 0)
                parm.parm.capture.timeperframe = v4l2_fract(numerator: 1, denominator: 14)
                #expect(fixture.device.call(CV4L2_VIDIOC_S_PARM, &parm) == 0)
                #expect(parm.parm.capture.timeperframe.numerator == 1)
                #expect(parm.parm.capture.timeperframe.denominator == 15)
                #expect(fixture.camera.framesPerSecond == 15)
                #expect(fixture.camera.frameInterval == .seconds(1) / 15)
            }
        }
    }
}
