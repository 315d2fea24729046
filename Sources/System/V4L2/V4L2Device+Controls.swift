import CV4L2

/// A control id (`V4L2_CID_*`).
public struct V4L2ControlID: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// V4L2_CID_BRIGHTNESS.
    public static let brightness = V4L2ControlID(rawValue: CV4L2_CID_BRIGHTNESS)
    /// V4L2_CID_GAIN.
    public static let gain = V4L2ControlID(rawValue: CV4L2_CID_GAIN)
    /// V4L2_CID_EXPOSURE_AUTO, a menu whose items are `V4L2ExposureMode`.
    public static let exposureAuto = V4L2ControlID(rawValue: CV4L2_CID_EXPOSURE_AUTO)
    /// V4L2_CID_EXPOSURE_ABSOLUTE, in units of 100 µs.
    public static let exposureAbsolute = V4L2ControlID(rawValue: CV4L2_CID_EXPOSURE_ABSOLUTE)
}

/// The items of the V4L2_CID_EXPOSURE_AUTO menu (`enum v4l2_exposure_auto_type`).
public enum V4L2ExposureMode: Int32, Sendable, Hashable {
    case auto = 0
    case manual = 1
    case shutterPriority = 2
    case aperturePriority = 3
}

/// What VIDIOC_QUERYCTRL reports about one control.
public struct V4L2ControlInfo: Sendable, Hashable {
    public let id: V4L2ControlID
    public let name: String
    /// `enum v4l2_ctrl_type` (1 integer, 2 boolean, 3 menu, 4 button, …).
    public let type: UInt32
    public let minimum: Int32
    public let maximum: Int32
    public let step: Int32
    public let defaultValue: Int32
    /// Raw V4L2_CTRL_FLAG_* bits.
    public let flags: UInt32

    init(_ raw: v4l2_queryctrl) {
        id = V4L2ControlID(rawValue: raw.id)
        name = decodeFixedCString(raw.name)
        type = raw.type
        minimum = raw.minimum
        maximum = raw.maximum
        step = raw.step
        defaultValue = raw.default_value
        flags = raw.flags
    }

    /// The driver lists the control but it cannot be used on this device.
    public var isDisabled: Bool { flags & UInt32(V4L2_CTRL_FLAG_DISABLED) != 0 }
    /// Setting it has no effect right now (e.g. exposure time while auto exposure is on).
    public var isInactive: Bool { flags & UInt32(V4L2_CTRL_FLAG_INACTIVE) != 0 }
    /// Writes are refused.
    public var isReadOnly: Bool { flags & UInt32(V4L2_CTRL_FLAG_READ_ONLY) != 0 }
}

extension V4L2Device {
    /// VIDIOC_QUERYCTRL for `id`; nil when the driver has no such control (EINVAL).
    public func queryControl(_ id: V4L2ControlID) throws(V4L2Error) -> V4L2ControlInfo? {
        var raw = v4l2_queryctrl()
        raw.id = id.rawValue
        do {
            try control(.queryControl, &raw)
        } catch .invalidArgument {
            return nil
        }
        return V4L2ControlInfo(raw)
    }

    /// Every control the driver offers, walked with V4L2_CTRL_FLAG_NEXT_CTRL (class headings skipped; at most
    /// `V4L2Budget.maxControls`).
    public func controls() throws(V4L2Error) -> [V4L2ControlInfo] {
        var found: [V4L2ControlInfo] = []
        var nextID: UInt32 = 0
        while true {
            var raw = v4l2_queryctrl()
            raw.id = nextID | CV4L2_CTRL_FLAG_NEXT_CTRL
            do {
                try control(.queryControl, &raw)
            } catch .invalidArgument {
                return found
            }
            let info = V4L2ControlInfo(raw)
            guard raw.id > nextID else {
                throw .malformedResponse(
                    operation: V4L2Request.queryControl.name, field: "id",
                    expected: "an id greater than \(nextID)", got: "\(raw.id)")
            }
            let limit = V4L2Budget.default.maxControls
            guard found.count < limit else {
                throw .malformedResponse(
                    operation: V4L2Request.queryControl.name, field: "id",
                    expected: "EINVAL after at most \(limit) controls", got: "control \(raw.id) after \(limit)")
            }
            nextID = raw.id
            if info.type != V4L2_CTRL_TYPE_CTRL_CLASS.rawValue { found.append(info) }
        }
    }

    /// VIDIOC_G_CTRL: the current value of `id`.
    public func controlValue(_ id: V4L2ControlID) throws(V4L2Error) -> Int32 {
        var raw = v4l2_control(id: id.rawValue, value: 0)
        try control(.getControl, &raw)
        return raw.value
    }

    /// VIDIOC_S_CTRL: sets `id` to `value`; returns the value the driver kept (it may clamp).
    @discardableResult
    public func setControlValue(_ id: V4L2ControlID, _ value: Int32) throws(V4L2Error) -> Int32 {
        var raw = v4l2_control(id: id.rawValue, value: value)
        try control(.setControl, &raw)
        return raw.value
    }

    /// Sets V4L2_CID_EXPOSURE_AUTO to `mode`.
    public func setExposureMode(_ mode: V4L2ExposureMode) throws(V4L2Error) {
        try setControlValue(.exposureAuto, mode.rawValue)
    }
}
