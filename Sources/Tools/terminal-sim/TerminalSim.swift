import ArgumentParser
import Foundation

@main
struct TerminalSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal-sim",
        abstract:
            "The simulated world around the terminal: the WeCom cloud, the fingerprint module, and the end-to-end demo.",
        subcommands: [
            Demo.self, Cloud.self, Fingerprint.self, USB.self, CameraSimCommand.self, LoopbackCameraCommand.self,
        ],
        defaultSubcommand: Demo.self)
}

/// Waits for SIGINT or SIGTERM.
func waitForInterrupt() async {
    let (interrupts, continuation) = AsyncStream<Void>.makeStream()
    let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number)
        source.setEventHandler { continuation.yield() }
        source.resume()
        return source
    }
    for await _ in interrupts { break }
    sources.forEach { $0.cancel() }
}

/// One line to standard output, unbuffered, so the demo reads the same through a pipe as on a terminal.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
