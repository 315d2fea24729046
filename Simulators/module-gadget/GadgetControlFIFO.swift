import FingerprintModuleSim
import Foundation
import Glibc

/// A named pipe of text commands, one a line, read on its own thread: `unplug`, `replug`, `quit`,
/// `place FINGER` (a generated finger, e.g. alice-right-index), `place-image PATH` (an 8-bit TIFF or
/// PGM) and `lift`. Unknown or malformed lines are logged and ignored.
struct GadgetControlFIFO: Sendable {
    let path: String
    let server: GadgetServer

    /// Creates the pipe at `path` (mode 0600), replacing a stale one.
    static func create(at path: String) throws(GadgetError) {
        unlink(path)
        guard mkfifo(path, 0o600) == 0 else { throw .system("mkfifo", path, lastSystemCallError()) }
    }

    /// Reads commands until the process ends (reopening the pipe after each writer closes it).
    func run() {
        while true {
            guard let file = fopen(path, "r") else {
                GadgetLog.line(lastSystemCallError().message("open \(path)"))
                return
            }
            var line: UnsafeMutablePointer<CChar>?
            var capacity = 0
            while getline(&line, &capacity, file) >= 0, let line {
                perform(String(cString: line).trimmingNewlines)
            }
            free(line)
            fclose(file)
        }
    }

    /// Carries out one command.
    func perform(_ command: String) {
        let words = command.split(separator: " ", maxSplits: 1).map(String.init)
        guard let verb = words.first else { return }
        let argument = words.count > 1 ? words[1] : nil
        switch (verb, argument) {
        case ("unplug", nil):
            server.unplug()
        case ("replug", nil):
            do {
                try server.replug()
            } catch {
                GadgetLog.line("replug: \(error)")
            }
        case ("quit", nil):
            kill(getpid(), SIGTERM)
        case ("lift", nil):
            server.function.module.lift()
            GadgetLog.line("finger lifted")
        case ("place", let identity?):
            server.function.module.place(SimulatedFinger(identity))
            GadgetLog.line("finger placed: \(identity)")
        case ("place-image", let path?):
            do {
                server.function.module.place(try SimulatedFinger(imageFile: URL(fileURLWithPath: path)))
                GadgetLog.line("finger placed: \(path)")
            } catch {
                GadgetLog.line("place-image \(path): \(error)")
            }
        default:
            GadgetLog.line(
                "unknown control command '\(command)': expected unplug, replug, quit, lift, place FINGER or place-image PATH"
            )
        }
    }
}
