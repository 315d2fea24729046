import ArgumentParser
import DeviceSetup
import Foundation

struct EnrollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll", abstract: "Act on the running daemon's enrollment.", subcommands: [EnrollCancel.self])
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
        let socket = ControlSocket.path(besidesStatusFile: try location.paths().status)
        let reply: ControlReply
        do {
            reply = try ControlClient.send(.enrollCancel, to: socket)
        } catch {
            FileHandle.standardError.write(Data("attendctl enroll cancel: \(error)\n".utf8))
            throw ExitCode(1)
        }
        guard reply.ok else {
            FileHandle.standardError.write(Data("attendctl enroll cancel: \(reply.message)\n".utf8))
            throw ExitCode(1)
        }
        print(reply.message)
    }
}
