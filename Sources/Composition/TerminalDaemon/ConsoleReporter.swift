import DeviceSetup
import Enrollment
import Foundation
import Recognition
import WeComDevice

/// Prints the daemon's events as lines a person can follow: time, area, what happened.
public struct ConsoleReporter: TerminalReporter {
    private let write: @Sendable (String) -> Void

    /// Writes straight to file descriptor 1 (no stdio buffering), so a pipe sees each line at once.
    public init(
        write: @escaping @Sendable (String) -> Void = { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    ) {
        self.write = write
    }

    public func report(_ event: TerminalEvent) {
        guard let (area, text) = Self.line(for: event) else { return }
        let time = Date().formatted(.iso8601.time(includingFractionalSeconds: true))
        write("\(time) \(area.padding(toLength: 7, withPad: " ", startingAt: 0)) \(text)")
    }

    static func line(for event: TerminalEvent) -> (String, String)? {
        switch event {
        case .session(let state):
            return ("session", describe(state))
        case .push(let push):
            return ("push", describe(push))
        case .prompt(let prompt):
            let op =
                prompt.operID.map { "[\($0) +\(seconds(prompt.elapsed))] " } ?? "[local +\(seconds(prompt.elapsed))] "
            return ("prompt", op + "\(prompt.prompt.english) · \(prompt.prompt.chinese)")
        case .outcome(let outcome):
            let op = outcome.request.operID ?? "local"
            switch outcome.result {
            case .enrolled(let slot, let withOperID):
                return (
                    "enroll",
                    "\(op): \(outcome.request.userid) enrolled into \(slot) in \(seconds(outcome.elapsed))"
                        + (withOperID ? "" : " (reported without oper_id)")
                )
            case .failed(let failure, let reported):
                return (
                    "enroll",
                    "\(op): failed \(failure.errcode) \(failure.errmsg) (\(failure))"
                        + (reported ? "" : ", not reported")
                )
            case .cancelled:
                return ("enroll", "\(op): cancelled by the cloud; nothing is sent")
            }
        case .uploadSent(let upload):
            return ("upload", "→ upload_userinfo \(describe(upload))")
        case .uploadAnswered(let upload, let errcode, let errmsg, let failed, let roundTrip):
            let failures = failed.isEmpty ? "" : ", fail_list \(failed.joined(separator: ","))"
            return (
                "upload", "← errcode \(errcode) \(errmsg)\(failures) for \(describe(upload)) in \(millis(roundTrip))"
            )
        case .uploadFailed(let upload, let reason):
            return ("upload", "✗ \(describe(upload)) not delivered: \(reason)")
        case .notice(let text):
            return ("notice", text)
        case .devicePresence(let role, let presence):
            return ("device", describe(role, presence))
        case .recognition(let verdict, let decision):
            // A member still at the camera is recognised each second: the repeats are not lines.
            guard decision != .repeated else { return nil }
            return ("pass", describe(verdict, decision))
        }
    }

    /// "passage zhangsan by fingerprint (fp slot 0, clear) 182.0 ms after the press" or a refusal.
    static func describe(_ verdict: RecognitionVerdict, _ decision: RecognitionDecision) -> String {
        let how = verdict.modality == .fingerprint ? "fingerprint" : "face"
        let after = verdict.modality == .fingerprint ? "after the press" : "after the frame"
        switch verdict.outcome {
        case .recognised(let userid, let slot, _, let band):
            let what = decision == .repeated ? "again (within the repeat window, no passage)" : "passage"
            return "\(what) \(userid) by \(how) (\(slot), \(band.rawValue)) \(millis(verdict.latency)) \(after)"
        case .notRecognised:
            return "not recognised by \(how): refused \(millis(verdict.latency)) \(after)"
        }
    }

    /// "fingerprint present: native ZFM module at bus 1 address 4" or "camera absent: …".
    static func describe(_ role: DeviceRole, _ presence: DevicePresence) -> String {
        if presence.present {
            return "\(role.rawValue) present: \(presence.detail ?? "yes")"
                + (presence.lastError.map { " (last error: \($0))" } ?? "")
        }
        return "\(role.rawValue) absent: \(presence.lastError ?? "not opened yet")"
    }

    static func describe(_ upload: UploadSummary) -> String {
        let op = upload.operID.map { "oper_id \($0) errcode \(upload.errcode ?? 0)" } ?? "re-push"
        return "\(op), \(upload.users) user(s), \(upload.templates) template(s)"
    }

    static func describe(_ state: SessionState) -> String {
        switch state {
        case .disconnected: "disconnected"
        case .connecting: "connecting (clock sync)"
        case .registering: "registering the device"
        case .activating(let waiting):
            waiting ? "waiting for an enterprise to bind this device (active every 5 s)" : "activating"
        case .subscribing: "logging in (subscribe_corp)"
        case .loggedIn: "logged in"
        case .waitingToReconnect(let delay): "connection lost; reconnecting in \(seconds(delay))"
        }
    }

    static func describe(_ push: DevicePush) -> String {
        switch push {
        case .enterPage(let c):
            "push_enter_page \(c.modality.rawValue) oper_id \(c.operID) userid \(c.userid) user_type \(c.userType.rawValue)"
        case .exitPage(let c): "push_exit_page oper_id \(c.operID)"
        case .bindCorp: "push_bind_corp"
        case .unbindCorp: "push_unbind_corp: wiping members, templates and secret"
        case .changeContact(let c): "push_change_contact perm_version \(c.permVersion)"
        case .changeVisitors(let c):
            "push_visitor_list_change visitor_version \(c.visitorVersion): +\(c.created.count) ~\(c.updated.count) -\(c.deleted.count) (visitors are not kept yet)"
        case .changeUserID(let c):
            "push_change_userid \(c.oldUserID) → \(c.newUserID) perm_version \(c.permVersion)"
        case .openSelfInput(let s): "push_open_self_input fp \(s.fingerprint) fa \(s.face)"
        case .userFace(let c): "push_user_face oper_id \(c.operID) for \(c.userid): \(c.photos.count) photo(s)"
        case .unknown(let cmd): "\(cmd) (unknown push, ignored)"
        case .invalid(let cmd, let reason): "\(cmd) rejected: \(reason)"
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let (s, atto) = duration.components
        return String(format: "%.1fs", Double(s) + Double(atto) / 1e18)
    }

    static func millis(_ duration: Duration) -> String {
        let (s, atto) = duration.components
        return String(format: "%.1f ms", Double(s) * 1e3 + Double(atto) / 1e15)
    }
}

/// Sends each event to several reporters.
public struct FanOutReporter: TerminalReporter {
    let reporters: [any TerminalReporter]

    public init(_ reporters: [any TerminalReporter]) { self.reporters = reporters }

    public func report(_ event: TerminalEvent) {
        for reporter in reporters { reporter.report(event) }
    }
}
