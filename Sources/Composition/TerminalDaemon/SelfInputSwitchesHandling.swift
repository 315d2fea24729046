import Biometrics
import DeviceSetup
import Enrollment
import Foundation
import Logging
import TerminalStore
import WeComDevice

/// Local enrollment at the terminal (`attendctl enroll USERID --fp|--face`) as the enterprise allows
/// it: keeps the switches of `push_open_self_input` in the store (nothing is allowed until the cloud
/// says so; they survive a restart and go with an unbind) and tells why a local enrollment cannot
/// start: the switch is off, or the modality's device is not installed or absent.
struct SelfInput: Sendable {
    /// A device installed on the terminal; `presence` is nil when nothing follows whether it is there.
    struct InstalledDevice: Sendable {
        let name: String
        let presence: DevicePresenceTracker?
    }

    let store: TerminalStore
    /// Installed devices by modality; a missing modality has none.
    let devices: [Modality: InstalledDevice]
    /// The camera to release after a local face enrollment (as after a cloud one).
    let face: FaceDevice?
    /// The one owner of the enrollment deadlines (`Terminal.init` builds it from the config).
    let settings: EnrollmentSettings
    let wallClock: @Sendable () -> Date
    /// Where a local enrollment's failure is recorded (the runner sends failures of cloud operations only).
    let log: EnrollmentLog

    init(
        store: TerminalStore, fingerprint: FingerprintDevice?, face: FaceDevice?, settings: EnrollmentSettings,
        wallClock: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.store = store
        log = EnrollmentLog(store: store, wallClock: wallClock, logger: logger)
        var devices: [Modality: InstalledDevice] = [:]
        if let fingerprint {
            devices[.fingerprint] = InstalledDevice(name: "fingerprint module", presence: fingerprint.presence)
        }
        // The camera's presence is only updated by a capture (it is closed between enrollments), so a
        // stale "absent" must not keep local enrollment off: the capture itself reopens it or fails 110.
        if face != nil { devices[.face] = InstalledDevice(name: "camera", presence: nil) }
        self.devices = devices
        self.face = face
        self.settings = settings
        self.wallClock = wallClock
    }

    /// `push_open_self_input`: stores the switches (whole seconds of the receipt) and says so.
    func apply(_ switches: SelfInputSwitches, reporter: any TerminalReporter) async {
        let permission = SelfInputPermission(
            fingerprint: switches.fingerprint, face: switches.face,
            receivedAt: Date(timeIntervalSince1970: wallClock().timeIntervalSince1970.rounded(.down)))
        do {
            try await store.perform { try $0.saveSelfInputPermission(permission) }
        } catch {
            reporter.report(.notice("push_open_self_input could not be stored (the previous switches stay): \(error)"))
            return
        }
        reporter.report(.notice("push_open_self_input stored: local enrollment \(Self.summary(permission))"))
    }

    /// Why a local enrollment of `modality` cannot start now; nil when it can (as far as the switches
    /// and the device go: the runner still refuses when busy).
    func refusal(for modality: Modality) async -> String? {
        let permission: SelfInputPermission
        do {
            permission = try await store.perform { try $0.selfInputPermission() }
        } catch {
            return
                "local \(Self.noun(modality)) enrollment refused: the self-enrollment switches cannot be read: \(error)"
        }
        guard permission.allows(modality) else {
            let last =
                permission.receivedAt.map {
                    "the last one, received \($0.formatted(.iso8601)), allowed \(Self.summary(permission))"
                } ?? "none has been received, and it is off until one allows it"
            return "local \(Self.noun(modality)) enrollment is not allowed: the enterprise has not turned on "
                + "\(SelfInputPermission.switchName(modality)) (set by the cloud's push_open_self_input; \(last))"
        }
        guard let device = devices[modality] else {
            return "local \(Self.noun(modality)) enrollment is impossible: this terminal has no "
                + (modality == .fingerprint
                    ? "fingerprint module (fingerprint.link is none)"
                    : "camera for faces (none configured, or its models or face key are missing)")
        }
        if let presence = device.presence?.current, !presence.present {
            return "local \(Self.noun(modality)) enrollment is impossible now: the \(device.name) is absent"
                + (presence.lastError.map { " (\($0))" } ?? "") + "; connect it and try again"
        }
        return nil
    }

    /// "fp on, fa off".
    static func summary(_ permission: SelfInputPermission) -> String {
        "fp \(permission.fingerprint ? "on" : "off"), fa \(permission.face ? "on" : "off")"
    }

    static func noun(_ modality: Modality) -> String {
        modality == .fingerprint ? "fingerprint" : "face"
    }
}
