internal import CV4L2
import Glibc

/// One V4L2 control of the simulated camera.
struct CameraControl: Sendable {
    let id: UInt32
    let name: String
    let type: UInt32
    let minimum: Int32
    let maximum: Int32
    let step: Int32
    let defaultValue: Int32
    /// Menu entries by index; nil for integer controls. A missing index is skipped (EINVAL).
    let menu: [Int: String]?
    var value: Int32

    static func defaults() -> [CameraControl] {
        [
            CameraControl(
                id: CV4L2_CID_BRIGHTNESS, name: "Brightness", type: CV4L2_CTRL_TYPE_INTEGER,
                minimum: -64, maximum: 64, step: 1, defaultValue: 0, menu: nil, value: 0),
            CameraControl(
                id: CV4L2_CID_GAIN, name: "Gain", type: CV4L2_CTRL_TYPE_INTEGER,
                minimum: 0, maximum: 255, step: 1, defaultValue: 32, menu: nil, value: 32),
            // V4L2_EXPOSURE_MANUAL (1) and V4L2_EXPOSURE_APERTURE_PRIORITY (3), as UVC cameras offer.
            CameraControl(
                id: CV4L2_CID_EXPOSURE_AUTO, name: "Auto Exposure", type: CV4L2_CTRL_TYPE_MENU,
                minimum: 0, maximum: 3, step: 1, defaultValue: 3,
                menu: [1: "Manual Mode", 3: "Aperture Priority Mode"], value: 3),
            CameraControl(
                id: CV4L2_CID_EXPOSURE_ABSOLUTE, name: "Exposure Time, Absolute",
                type: CV4L2_CTRL_TYPE_INTEGER, minimum: 1, maximum: 5000, step: 1,
                defaultValue: 156, menu: nil, value: 156),
        ]
    }

    /// The value the kernel's control framework would store, or its errno: integers are clamped and
    /// rounded to the step; menus out of range fail with ERANGE, skipped entries with EINVAL.
    func validated(_ requested: Int32) -> Result<Int32, CameraControlError> {
        if let menu {
            guard (minimum...maximum).contains(requested) else { return .failure(CameraControlError(errno: ERANGE)) }
            guard menu[Int(requested)] != nil else { return .failure(CameraControlError(errno: EINVAL)) }
            return .success(requested)
        }
        let clamped = min(max(requested, minimum), maximum)
        let offset = (Int(clamped) - Int(minimum) + Int(step) / 2) / Int(step) * Int(step)
        return .success(Int32(min(Int(maximum), Int(minimum) + offset)))
    }
}

struct CameraControlError: Error {
    let errno: Int32
}
