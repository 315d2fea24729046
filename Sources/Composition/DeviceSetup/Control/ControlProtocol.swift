import Biometrics

/// The daemon's control socket: a Unix-domain stream socket beside the status file through which
/// `attendctl` asks the running daemon to act. One request line, one reply line, then the daemon closes.
///
/// Request: the command's words (`ControlCommand.grammar`), e.g. `enroll cancel`. Reply: `ok ` or `no ` and a sentence for the
/// operator (`no` when the command found nothing to act on or failed).
public enum ControlSocket {
    /// The socket's file name, beside the status file.
    public static let fileName = "control.sock"
    /// Longest request line the daemon reads.
    public static let maxRequestBytes = 256
    /// Clients served at once; further ones wait in the listen backlog.
    public static let maxClients = 4
    /// Longest reply line the client reads.
    public static let maxReplyBytes = 4096
    /// How long the daemon waits for a connected client's request line.
    public static let requestTimeout: Duration = .seconds(1)
    /// How long `attendctl` waits for the reply: a cancel waits for the enrollment's end and the
    /// cloud's answer (the daemon bounds that by its `ShutdownBudget.enrollment`, well under this).
    /// `enroll local` waits for the whole enrollment on top of this (see `attendctl enroll`).
    public static let replyTimeout: Duration = .seconds(5)
    /// How long `attendctl sync --full` waits for a full pull of the directory (10,000 members take well
    /// under a minute; each request of the pull has its own timeout in the daemon).
    public static let fullPullReplyTimeout: Duration = .seconds(600)

    /// The socket beside `statusPath` (the daemon's `store.status_path`).
    public static func path(besidesStatusFile statusPath: String) -> String {
        SiblingPath.named(fileName, besides: statusPath)
    }
}

/// What `attendctl` can ask the daemon. On the wire each command is one line of words separated by
/// single spaces (see `ControlCommand.grammar`); `init(line:)` parses it, `line` writes it. A new command
/// is a new case, its `grammar` entry, its `line` and a branch in `init(line:)`.
public enum ControlCommand: Sendable, Hashable {
    /// `enroll cancel`: cancel the running enrollment on the terminal (107 to the cloud).
    case enrollCancel
    /// `enroll local fp|fa USERID`: enroll `userid`'s fingerprint or face at the terminal (a local
    /// enrollment: no `oper_id`), when the enterprise allows it (`push_open_self_input`).
    case enrollLocal(userid: UserID, modality: Modality)
    /// `sync full`: pull the whole member directory from the cloud now, whatever the versions say.
    case syncFull
    /// `identify fp|fa`: one identification by hand (the next finger on the sensor, the next usable face),
    /// answered with the verdict; no passage is recorded.
    case identify(Modality)

    /// Every command's form, for help and for the unknown-command error.
    public static let grammar = ["enroll cancel", "enroll local fp|fa USERID", "sync full", "identify fp|fa"]

    /// The request line, without its line break.
    public var line: String {
        switch self {
        case .enrollCancel: "enroll cancel"
        case .enrollLocal(let userid, let modality): "enroll local \(modality.rawValue) \(userid.rawValue)"
        case .syncFull: "sync full"
        case .identify(let modality): "identify \(modality.rawValue)"
        }
    }

    /// Parses a request line (without its line break). Leading and trailing spaces are ignored;
    /// everything else must be exactly one command of `grammar`.
    public init(line: String) throws(ControlCommandError) {
        guard line.utf8.count <= ControlSocket.maxRequestBytes else {
            throw .tooLong(bytes: line.utf8.count, limit: ControlSocket.maxRequestBytes)
        }
        if let index = line.unicodeScalars.firstIndex(where: { $0.properties.generalCategory == .control }) {
            let offset = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: index)
            throw .controlCharacter(at: offset)
        }
        let words = line.split(separator: " ").map(String.init)
        switch words.first {
        case nil:
            throw .empty
        case "enroll":
            self = try Self.enroll(Array(words.dropFirst()), line: line)
        case "sync":
            guard words.dropFirst().first == "full" else { throw .unknown(line) }
            guard words.count == 2 else {
                throw .unexpectedWords(command: "sync full", words.dropFirst(2).joined(separator: " "))
            }
            self = .syncFull
        case "identify":
            guard words.count >= 2 else { throw .missing(command: "identify", what: "the modality (fp or fa)") }
            guard let modality = Modality(rawValue: words[1]) else {
                throw .invalid(
                    command: "identify", reason: "modality: expected fp or fa, got \"\(words[1].prefix(64))\"")
            }
            guard words.count == 2 else {
                throw .unexpectedWords(command: "identify", words.dropFirst(2).joined(separator: " "))
            }
            self = .identify(modality)
        default:
            throw .unknown(line)
        }
    }

    private static func enroll(_ words: [String], line: String) throws(ControlCommandError) -> ControlCommand {
        switch words.first {
        case "cancel":
            guard words.count == 1 else {
                throw .unexpectedWords(command: "enroll cancel", words.dropFirst(1).joined(separator: " "))
            }
            return .enrollCancel
        case "local":
            let command = "enroll local"
            guard words.count >= 2 else { throw .missing(command: command, what: "the modality (fp or fa)") }
            guard let modality = Modality(rawValue: words[1]) else {
                throw .invalid(command: command, reason: "modality: expected fp or fa, got \"\(words[1].prefix(64))\"")
            }
            guard words.count >= 3 else { throw .missing(command: command, what: "the USERID") }
            guard words.count == 3 else {
                throw .unexpectedWords(command: command, words.dropFirst(3).joined(separator: " "))
            }
            let userid: UserID
            do {
                userid = try UserID(words[2])
            } catch {
                throw .invalid(command: command, reason: error.description)
            }
            return .enrollLocal(userid: userid, modality: modality)
        default:
            throw .unknown(line)
        }
    }
}

/// Why a request line is not a command; each names what is wrong and what was expected.
public enum ControlCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No words at all.
    case empty
    /// Longer than `ControlSocket.maxRequestBytes`.
    case tooLong(bytes: Int, limit: Int)
    /// A control character (tab, escape, a line break inside the line …) at this scalar offset.
    case controlCharacter(at: Int)
    /// No command of `ControlCommand.grammar` starts this way.
    case unknown(String)
    /// The command lacks a word.
    case missing(command: String, what: String)
    /// A word of the command is not valid; `reason` names the field, what was expected and what came.
    case invalid(command: String, reason: String)
    /// Words after a complete command.
    case unexpectedWords(command: String, String)

    public var description: String {
        switch self {
        case .empty:
            "empty command; known: \(ControlCommand.grammar.joined(separator: ", "))"
        case .tooLong(let bytes, let limit):
            "command line of \(bytes) bytes: expected at most \(limit)"
        case .controlCharacter(let offset):
            "command line: expected printable words separated by spaces, got a control character at character \(offset)"
        case .unknown(let line):
            "unknown command \"\(line.prefix(64))\"; known: \(ControlCommand.grammar.joined(separator: ", "))"
        case .missing(let command, let what):
            "\(command): missing \(what)"
        case .invalid(let command, let reason):
            "\(command): \(reason)"
        case .unexpectedWords(let command, let words):
            "\(command): unexpected \"\(words.prefix(64))\" after the command"
        }
    }
}

/// The daemon's answer to one command.
public struct ControlReply: Sendable, Equatable {
    /// False when the command found nothing to act on, or failed.
    public var ok: Bool
    /// One line for the operator.
    public var message: String

    public init(ok: Bool, message: String) {
        self.ok = ok
        self.message = message
    }

    /// The reply line without its line break.
    var line: String {
        (ok ? "ok " : "no ") + message.replacingNewlines
    }

    /// Parses a reply line; nil when it is not one.
    init?(line: String) {
        if line.hasPrefix("ok ") {
            self.init(ok: true, message: String(line.dropFirst(3)))
        } else if line.hasPrefix("no ") {
            self.init(ok: false, message: String(line.dropFirst(3)))
        } else {
            return nil
        }
    }
}

extension String {
    fileprivate var replacingNewlines: String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
