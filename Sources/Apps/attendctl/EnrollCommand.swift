import ArgumentParser
import Biometrics
import DeviceSetup
import Enrollment
import Foundation

struct EnrollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract:
            "Enroll a member at the terminal (attendctl enroll USERID --fp|--face), or cancel the running enrollment.",
        discussion:
            "attendctl enroll USERID --fp|--face is attendctl enroll local USERID --fp|--face. A userid that is literally \"cancel\" must be written with the subcommand: attendctl enroll local cancel --fp.",
        subcommands: [EnrollLocal.self, EnrollCancel.self], defaultSubcommand: EnrollLocal.self)
}

/// The modality flag: exactly one of `--fp` and `--face`.
enum EnrollModality: String, EnumerableFlag {
    case fp
    case face

    var modality: Modality { self == .fp ? .fingerprint : .face }

    static func help(for value: EnrollModality) -> ArgumentHelp? {
        switch value {
        case .fp: "Enroll a fingerprint (the enterprise must allow open_self_input_fp)."
        case .face: "Enroll a face (the enterprise must allow open_self_input_fa)."
        }
    }
}

struct EnrollLocal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local",
        abstract: "Enroll a member's fingerprint or face at the terminal (a local enrollment: no oper_id).",
        discussion: """
            Asks the running daemon through its control socket and waits until the enrollment has ended: \
            follow the terminal's prompts. Allowed only while the enterprise allows self-enrollment of that \
            modality (the cloud's push_open_self_input: open_self_input_fp / open_self_input_fa; off until \
            the cloud says so). A userid the terminal does not know is checked with check_userid (108 when \
            it is not in the device's scope). The template is uploaded with upload_userinfo without oper_id. \
            Exits 1 with the daemon's reason when it refuses or the enrollment fails.
            """)

    @Argument(help: "The member's userid.")
    var userid: String

    @Flag(help: "Which template to enroll: exactly one of --fp and --face.")
    var modality: EnrollModality

    @OptionGroup var location: Location

    /// How long to wait for the answer: the daemon answers by its result deadline (never above
    /// `EnrollmentSettings.maximumResultDeadline`) plus a commit's allowance, which is within the
    /// socket's own reply time.
    static let replyTimeout = EnrollmentSettings.maximumResultDeadline + ControlSocket.replyTimeout

    func validate() throws {
        guard !userid.contains(where: { $0.isWhitespace }) else {
            throw ValidationError("USERID: expected a userid without spaces, got \"\(userid)\"")
        }
        _ = try command()
    }

    /// The control command, parsed from its own line as the daemon will parse it.
    private func command() throws -> ControlCommand {
        do {
            return try ControlCommand(line: "enroll local \(modality.modality.rawValue) \(userid)")
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        let command = try command()
        _ = try location.paths()
        print("enrolling \(userid)'s \(modality == .fp ? "fingerprint" : "face") at the terminal: follow its prompts")
        try location.askDaemon(command, timeout: Self.replyTimeout, as: "attendctl enroll")
    }
}

struct EnrollCancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel the running enrollment on the terminal: the cloud gets 107 (已取消).",
        discussion:
            "Asks the daemon through its control socket (control.sock beside the status file). A commit already under way is not cancelled. Exits 1 when no daemon runs or nothing is enrolling."
    )

    @OptionGroup var location: Location

    func run() throws {
        try location.askDaemon(.enrollCancel, as: "attendctl enroll cancel")
    }
}
