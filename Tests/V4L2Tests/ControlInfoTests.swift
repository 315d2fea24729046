import CV4L2
import Testing

@testable import V4L2

@Suite struct ControlInfoTests {
    static func raw(flags: UInt32) -> v4l2_queryctrl {
        var raw = v4l2_queryctrl()
        raw.id = CV4L2_CID_EXPOSURE_ABSOLUTE
        raw.type = V4L2_CTRL_TYPE_INTEGER.rawValue
        withUnsafeMutableBytes(of: &raw.name) { bytes in
            for (index, byte) in "Exposure Time, Absolute".utf8.enumerated() { bytes[index] = byte }
        }
        raw.minimum = 3
        raw.maximum = 2047
        raw.step = 1
        raw.default_value = 250
        raw.flags = flags
        return raw
    }

    @Test func parsesRangeAndName() {
        let info = V4L2ControlInfo(Self.raw(flags: 0))
        #expect(info.id == .exposureAbsolute)
        #expect(info.name == "Exposure Time, Absolute")
        #expect(info.type == 1)
        #expect([info.minimum, info.maximum, info.step, info.defaultValue] == [3, 2047, 1, 250])
        #expect(!info.isDisabled && !info.isInactive && !info.isReadOnly)
    }

    @Test func decodesFlags() {
        let inactive = V4L2ControlInfo(Self.raw(flags: UInt32(V4L2_CTRL_FLAG_INACTIVE)))
        #expect(inactive.isInactive && !inactive.isDisabled)
        let disabled = V4L2ControlInfo(
            Self.raw(flags: UInt32(V4L2_CTRL_FLAG_DISABLED) | UInt32(V4L2_CTRL_FLAG_READ_ONLY)))
        #expect(disabled.isDisabled && disabled.isReadOnly && !disabled.isInactive)
    }

    @Test func exposureModesMatchTheKernelMenu() {
        #expect(V4L2ExposureMode.auto.rawValue == Int32(V4L2_EXPOSURE_AUTO.rawValue))
        #expect(V4L2ExposureMode.manual.rawValue == Int32(V4L2_EXPOSURE_MANUAL.rawValue))
        #expect(V4L2ExposureMode.shutterPriority.rawValue == Int32(V4L2_EXPOSURE_SHUTTER_PRIORITY.rawValue))
        #expect(V4L2ExposureMode.aperturePriority.rawValue == Int32(V4L2_EXPOSURE_APERTURE_PRIORITY.rawValue))
    }
}
