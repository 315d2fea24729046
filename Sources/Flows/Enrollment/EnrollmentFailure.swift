import Biometrics

/// Why an enrollment failed; the single table mapping every failure to the protocol's `errcode`/`errmsg`.
///
/// Capture-deadline classification (what the machine reports when capture gives up):
/// - 103 when the device was observed at least once and never saw a finger / face;
/// - 104 when a finger / face was seen but not one sample passed the quality checks;
/// - 102 otherwise (no observation at all, or some presses were accepted but not all of them).
public enum EnrollmentFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// 101: another enrollment is running.
    case busy
    /// 102: no usable result before the capture deadline.
    case timeout
    /// 103: no finger / no face was ever detected.
    case nothingDetected(Modality)
    /// 104: samples never good enough, or presses of different fingers.
    case poorQuality
    /// 105: the new template matches another member's template.
    case duplicate(Modality)
    /// 106: every slot of the modality is taken.
    case slotsFull(Modality)
    /// 107: cancelled on the terminal.
    case cancelled
    /// 108: the member is unknown to the terminal.
    case unknownMember
    /// 109: the device's algorithm is not one the cloud accepts.
    case unsupportedAlgorithm
    /// 110: sensor, camera or local storage missing or failing; the detail is for logs only.
    case deviceFault(String)
    /// 111: a `push_user_face` photo that cannot be fetched, decoded, or exceeds the decoder's budget
    /// (size, pixels, work, deadline); the detail is for logs only.
    case invalidPhoto(String)

    /// `errcode` of a successful enrollment.
    public static let successErrcode = 0
    /// `errmsg` of a successful enrollment.
    public static let successErrmsg = "ok"

    /// The protocol's `errcode`.
    public var errcode: Int {
        switch self {
        case .busy: 101
        case .timeout: 102
        case .nothingDetected: 103
        case .poorQuality: 104
        case .duplicate: 105
        case .slotsFull: 106
        case .cancelled: 107
        case .unknownMember: 108
        case .unsupportedAlgorithm: 109
        case .deviceFault: 110
        case .invalidPhoto: 111
        }
    }

    /// The protocol's `errmsg`: short Chinese text shown to the administrator in WeCom.
    public var errmsg: String {
        switch self {
        case .busy: "设备正忙"
        case .timeout: "录入超时"
        case .nothingDetected(.fingerprint): "未检测到手指"
        case .nothingDetected(.face): "未检测到人脸"
        case .poorQuality: "采集质量差"
        case .duplicate(.fingerprint): "该指纹已被其他成员录入"
        case .duplicate(.face): "该人脸已被其他成员录入"
        case .slotsFull(.fingerprint): "指纹已满(10枚)"
        case .slotsFull(.face): "人脸已满(12张)"
        case .cancelled: "已取消"
        case .unknownMember: "成员不在设备范围内"
        case .unsupportedAlgorithm: "不支持的算法"
        case .deviceFault: "设备故障"
        case .invalidPhoto: "照片无效"
        }
    }

    /// English text for logs.
    public var description: String {
        switch self {
        case .busy: "101 busy: another enrollment is running"
        case .timeout: "102 timeout: no usable sample before the capture deadline"
        case .nothingDetected(let m): "103 no \(m == .fingerprint ? "finger" : "face") was ever detected"
        case .poorQuality: "104 poor quality: samples never good enough or presses of different fingers"
        case .duplicate(let m):
            "105 the \(m == .fingerprint ? "fingerprint" : "face") already belongs to another member"
        case .slotsFull(let m): "106 all \(m.slotCount) \(m == .fingerprint ? "fingerprint" : "face") slots are taken"
        case .cancelled: "107 cancelled on the terminal"
        case .unknownMember: "108 member unknown to the terminal"
        case .unsupportedAlgorithm: "109 no algorithm both the device and the cloud accept"
        case .deviceFault(let why): "110 device fault: \(why)"
        case .invalidPhoto(let why): "111 invalid photo: \(why)"
        }
    }
}
