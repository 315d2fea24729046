import ArgumentParser
import Biometrics
import CBuildInfo
import DeviceSetup
import Foundation
import TerminalStore

@main
struct AttendCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attendctl",
        abstract:
            "Operator CLI for the attendance terminal: daemon status, members, slots, outbox, enrollment log, cancelling an enrollment.",
        version: String(cString: attendance_build_version()),
        subcommands: [
            Status.self, Members.self, Sync.self, Passages.self, Slots.self, Outbox.self, Log.self, EnrollCommand.self,
            Identify.self,
            Fingerprint.self,
            CameraCommand.self, FaceCommand.self,
        ])
}

/// Where to find the daemon's files: its config (default), or explicit paths.
struct Location: ParsableArguments {
    @Option(name: .long, help: "The daemon's config file (store and status paths are read from it).")
    var config: String = "/etc/attendanced/attendanced.json"

    @Option(name: .long, help: "The store file, instead of reading it from --config.")
    var store: String?

    @Option(name: .long, help: "The daemon's status file, instead of reading it from --config.")
    var statusFile: String?

    func paths() throws -> (store: String, status: String) {
        if let store {
            return (store, statusFile ?? SiblingPath.named("status.json", besides: store))
        }
        do {
            let parsed = try DaemonConfig.load(path: config)
            return (parsed.storePath, statusFile ?? parsed.statusPath)
        } catch {
            throw ValidationError("\(error) (or pass --store)")
        }
    }

    func openStore() throws -> TerminalStore {
        let path = try paths().store
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no store at \(path): has the daemon run yet?")
        }
        return try TerminalStore.open(path: path)
    }
}

enum Format {
    /// "2026-11-29 16:40:01" in local time.
    static let time = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: .current)

    static func date(_ date: Date?) -> String { date.map { $0.formatted(time) } ?? "-" }
}

extension Location {
    /// Sends `command` to the running daemon (control.sock beside the status file) and prints its reply;
    /// exits 1 with the reason on standard error, after `name`, when no daemon answers or it says no.
    func askDaemon(_ command: ControlCommand, timeout: Duration = ControlSocket.replyTimeout, as name: String) throws {
        let socket = ControlSocket.path(besidesStatusFile: try paths().status)
        let reply: ControlReply
        do {
            reply = try ControlClient.send(command, to: socket, timeout: timeout)
        } catch {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            throw ExitCode(1)
        }
        guard reply.ok else {
            FileHandle.standardError.write(Data("\(name): \(reply.message)\n".utf8))
            throw ExitCode(1)
        }
        print(reply.message)
    }
}
