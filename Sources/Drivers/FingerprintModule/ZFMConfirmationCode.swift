/// The confirmation code that starts every acknowledge packet.
public struct ZFMConfirmationCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The code byte.
    public let rawValue: UInt8
    /// Wraps a code byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Wraps a code byte.
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    /// 0x00: ok.
    public static let ok = Self(0x00)
    /// 0x01: packet receive error.
    public static let packetError = Self(0x01)
    /// 0x02: no finger on the sensor.
    public static let noFinger = Self(0x02)
    /// 0x03: image capture failed.
    public static let captureFailed = Self(0x03)
    /// 0x06: image too messy.
    public static let tooMessy = Self(0x06)
    /// 0x07: too few features.
    public static let tooFewFeatures = Self(0x07)
    /// 0x08: templates do not match.
    public static let noMatch = Self(0x08)
    /// 0x09: no matching template in the library.
    public static let notFound = Self(0x09)
    /// 0x0A: merge failed (different fingers).
    public static let mergeFailed = Self(0x0A)
    /// 0x0B: page out of range.
    public static let pageOutOfRange = Self(0x0B)
    /// 0x0C: read error or invalid template.
    public static let invalidTemplate = Self(0x0C)
    /// 0x0D: template upload failed.
    public static let uploadFailed = Self(0x0D)
    /// 0x0E: cannot receive data packets.
    public static let cannotReceive = Self(0x0E)
    /// 0x0F: image upload failed.
    public static let imageUploadFailed = Self(0x0F)
    /// 0x10: delete failed.
    public static let deleteFailed = Self(0x10)
    /// 0x11: clearing the library failed.
    public static let clearFailed = Self(0x11)
    /// 0x13: wrong password.
    public static let wrongPassword = Self(0x13)
    /// 0x15: no valid image in the image buffer.
    public static let noValidImage = Self(0x15)
    /// 0x18: flash write error.
    public static let flashError = Self(0x18)
    /// 0x1A: bad register number or value.
    public static let badRegister = Self(0x1A)
    /// 0x20: address error.
    public static let addressError = Self(0x20)
    /// 0x21: password must be verified first.
    public static let passwordNotVerified = Self(0x21)

    /// What the code means, per the module manual.
    public var meaning: String {
        switch self {
        case .ok: "ok"
        case .packetError: "packet receive error"
        case .noFinger: "no finger on the sensor"
        case .captureFailed: "image capture failed"
        case .tooMessy: "image too messy"
        case .tooFewFeatures: "too few features"
        case .noMatch: "templates do not match"
        case .notFound: "no matching template in the library"
        case .mergeFailed: "merge failed (different fingers)"
        case .pageOutOfRange: "page out of range"
        case .invalidTemplate: "read error or invalid template"
        case .uploadFailed: "template upload failed"
        case .cannotReceive: "cannot receive data packets"
        case .imageUploadFailed: "image upload failed"
        case .deleteFailed: "delete failed"
        case .clearFailed: "clearing the library failed"
        case .wrongPassword: "wrong password"
        case .noValidImage: "no valid image in the image buffer"
        case .flashError: "flash write error"
        case .badRegister: "bad register number or value"
        case .addressError: "address error"
        case .passwordNotVerified: "password must be verified first"
        default: "unknown code"
        }
    }

    /// Hex code and meaning, e.g. "0x02 (no finger on the sensor)".
    public var description: String {
        "0x" + String(rawValue, radix: 16, uppercase: true).leftPadded(to: 2) + " (\(meaning))"
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
