import CV4L2
import CameraSim
import Glibc
import Testing

extension CameraSimTier2Tests {
    @Suite struct ControlTests {
        @Test func queryctrlDescribesExposureAndNextCtrlWalksEveryControl() throws {
            try CameraFixture.run { fixture in
                var query = v4l2_queryctrl()
                query.id = CV4L2_CID_EXPOSURE_ABSOLUTE
                #expect(fixture.device.call(CV4L2_VIDIOC_QUERYCTRL, &query) == 0)
                #expect(query.type == CV4L2_CTRL_TYPE_INTEGER)
                #expect(query.minimum == 1 && query.maximum == 5000 && query.default_value == 156)

                var ids: [UInt32] = []
                var next = v4l2_queryctrl()
                next.id = CV4L2_CTRL_FLAG_NEXT_CTRL
                while fixture.device.call(CV4L2_VIDIOC_QUERYCTRL, &next) == 0 {
                    ids.append(next.id)
                    next.id |= CV4L2_CTRL_FLAG_NEXT_CTRL
                }
                #expect(
                    ids == [
                        CV4L2_CID_BRIGHTNESS, CV4L2_CID_GAIN, CV4L2_CID_EXPOSURE_AUTO,
                        CV4L2_CID_EXPOSURE_ABSOLUTE,
                    ])

                var unknown = v4l2_queryctrl()
                unknown.id = 0x0098_0999
                #expect(fixture.device.call(CV4L2_VIDIOC_QUERYCTRL, &unknown) == EINVAL)
            }
        }

        @Test func sCtrlStoresClampsAndRejectsLikeTheKernel() throws {
            try CameraFixture.run { fixture in
                var gain = v4l2_control(id: CV4L2_CID_GAIN, value: 100)
                #expect(fixture.device.call(CV4L2_VIDIOC_S_CTRL, &gain) == 0)
                var read = v4l2_control(id: CV4L2_CID_GAIN, value: 0)
                #expect(fixture.device.call(CV4L2_VIDIOC_G_CTRL, &read) == 0)
                #expect(read.value == 100)
                #expect(fixture.camera.controlValue(CV4L2_CID_GAIN) == 100)

                // Integer controls are clamped by the kernel's control framework.
                var tooBright = v4l2_control(id: CV4L2_CID_BRIGHTNESS, value: 1000)
                #expect(fixture.device.call(CV4L2_VIDIOC_S_CTRL, &tooBright) == 0)
                #expect(tooBright.value == 64)

                var manual = v4l2_control(id: CV4L2_CID_EXPOSURE_AUTO, value: 1)
                #expect(fixture.device.call(CV4L2_VIDIOC_S_CTRL, &manual) == 0)
                var outOfMenu = v4l2_control(id: CV4L2_CID_EXPOSURE_AUTO, value: 9)
                #expect(fixture.device.call(CV4L2_VIDIOC_S_CTRL, &outOfMenu) == ERANGE)
                var skippedEntry = v4l2_control(id: CV4L2_CID_EXPOSURE_AUTO, value: 0)
                #expect(fixture.device.call(CV4L2_VIDIOC_S_CTRL, &skippedEntry) == EINVAL)
                #expect(fixture.camera.controlValue(CV4L2_CID_EXPOSURE_AUTO) == 1)

                var unknown = v4l2_control(id: 0x0098_0999, value: 1)
                #expect(fixture.device.call(CV4L2_VIDIOC_G_CTRL, &unknown) == EINVAL)
            }
        }
    }
}
