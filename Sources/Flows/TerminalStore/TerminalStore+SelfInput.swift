import Biometrics
import Foundation

/// The enterprise's self-enrollment switches as the terminal last received them from the cloud
/// (`push_open_self_input{open_self_input_fp, open_self_input_fa}`). Until the first push nothing is
/// allowed: a local enrollment needs the enterprise's consent.
public struct SelfInputPermission: Sendable, Hashable {
    /// `open_self_input_fp`: members may enroll a fingerprint at the terminal.
    public var fingerprint: Bool
    /// `open_self_input_fa`: members may enroll a face at the terminal.
    public var face: Bool
    /// When the push was received (whole seconds); nil when none ever was.
    public var receivedAt: Date?

    public init(fingerprint: Bool, face: Bool, receivedAt: Date?) {
        self.fingerprint = fingerprint
        self.face = face
        self.receivedAt = receivedAt
    }

    /// Nothing allowed, no push received: the state of a new store and after an unbind.
    public static let notReceived = SelfInputPermission(fingerprint: false, face: false, receivedAt: nil)

    /// Whether a local enrollment of `modality` is allowed.
    public func allows(_ modality: Modality) -> Bool {
        switch modality {
        case .fingerprint: fingerprint
        case .face: face
        }
    }

    /// The push's field that allows `modality`.
    public static func switchName(_ modality: Modality) -> String {
        switch modality {
        case .fingerprint: "open_self_input_fp"
        case .face: "open_self_input_fa"
        }
    }
}

extension TerminalStore {
    /// The `setting` key of the switches: one row, so a push is stored whole or not at all. Removed by
    /// the unbind wipe (the switches are the enterprise's).
    static let selfInputSettingKey = "self_input"

    /// The switches as last received; `notReceived` before the first push.
    public func selfInputPermission() throws -> SelfInputPermission {
        guard let value = try setting(Self.selfInputSettingKey) else { return .notReceived }
        guard let permission = SelfInputPermission(settingValue: value) else {
            throw TerminalStoreError.corruptRecord(table: "setting", column: Self.selfInputSettingKey, value: value)
        }
        return permission
    }

    /// Stores the switches of a `push_open_self_input` (replacing the previous ones).
    public func saveSelfInputPermission(_ permission: SelfInputPermission) throws {
        try saveSetting(Self.selfInputSettingKey, permission.settingValue)
    }
}

extension SelfInputPermission {
    /// `fp=1 fa=0 at=1767225600`: the stored form (`at` absent when never received).
    var settingValue: String {
        var words = ["fp=\(fingerprint ? 1 : 0)", "fa=\(face ? 1 : 0)"]
        if let receivedAt { words.append("at=\(Int64(receivedAt.timeIntervalSince1970.rounded(.down)))") }
        return words.joined(separator: " ")
    }

    /// Parses the stored form; nil when it is not one.
    init?(settingValue: String) {
        var fields: [String: String] = [:]
        for word in settingValue.split(separator: " ") {
            let parts = word.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, fields[String(parts[0])] == nil else { return nil }
            fields[String(parts[0])] = String(parts[1])
        }
        func flag(_ key: String) -> Bool? {
            switch fields.removeValue(forKey: key) {
            case "1": true
            case "0": false
            default: nil
            }
        }
        guard let fingerprint = flag("fp"), let face = flag("fa") else { return nil }
        var receivedAt: Date?
        if let at = fields.removeValue(forKey: "at") {
            guard let seconds = Int64(at) else { return nil }
            receivedAt = Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        guard fields.isEmpty else { return nil }
        self.init(fingerprint: fingerprint, face: face, receivedAt: receivedAt)
    }
}
