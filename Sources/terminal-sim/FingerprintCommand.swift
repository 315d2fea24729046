import ArgumentParser
import Foundation
import FingerprintModuleSim

struct Fingerprint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a simulated ZFM fingerprint module on a Unix-domain socket or a pseudo-terminal until Ctrl-C.")

    @Option(help: "Socket path the daemon's fingerprint.link points at (unix:PATH).")
    var socket: String?

    @Flag(help: "Serve on a pseudo-terminal instead; prints the /dev/pts/N path for fingerprint.link tty:PATH or any serial tool.")
    var pty = false

    @Option(help: "The simulated module's UART speed (with --pty); a host at another speed gets garbage, as on real wires.")
    var baud: Int = 57600

    @Option(help: "Finger identity to press, e.g. zhangsan-right-index (omit to leave the sensor empty).")
    var finger: String?

    @Option(help: "Number of presses in the script.")
    var presses: Int = 3

    @Option(name: .customLong("press-ms"), help: "How long each press rests on the sensor.")
    var pressMilliseconds: Int = 1200

    @Option(name: .customLong("lift-ms"), help: "How long the finger is off the sensor between presses.")
    var liftMilliseconds: Int = 1000

    @Option(name: .customLong("start-after-ms"), help: "Delay before the first press.")
    var startAfterMilliseconds: Int = 3000

    @Option(help: "Placement quality 0-100.")
    var quality: Int = 90

    func validate() throws {
        guard (socket != nil) != pty else { throw ValidationError("give exactly one of --socket PATH or --pty") }
        guard (1...12).map({ $0 * 9600 }).contains(baud) else {
            throw ValidationError("--baud: expected a multiple of 9600 up to 115200, got \(baud)")
        }
        guard (1...20).contains(presses) else { throw ValidationError("--presses: expected 1-20, got \(presses)") }
        guard (0...100).contains(quality) else { throw ValidationError("--quality: expected 0-100, got \(quality)") }
        guard pressMilliseconds > 0, liftMilliseconds > 0, startAfterMilliseconds >= 0 else {
            throw ValidationError("--press-ms and --lift-ms must be positive, --start-after-ms not negative")
        }
    }

    func run() async throws {
        let module = SimulatedZFMModule(
            configuration: .init(baudMultiplier: baud / 9600, uartImages: pty), clock: ContinuousClock())
        let stop: @Sendable () async -> Void
        if let socket {
            let server = try ZFMSocketServer(module: module, path: socket)
            server.start()
            stop = { await server.shutdown() }
            emit("fingerprint module simulator on unix:\(socket)")
        } else {
            let server = try ZFMPTYServer(module: module, baud: baud)
            server.start()
            stop = { await server.shutdown() }
            emit("fingerprint module simulator on \(server.slavePath) (UART \(baud) 8N1): fingerprint.link tty:\(server.slavePath)")
        }
        if let finger {
            let start = startAfterMilliseconds
            let script = FingerPlacementScript(
                steps: [.lift(duration: .milliseconds(start))]
                    + Array(repeating: [
                        FingerPlacementScript.Step.press(SimulatedFinger(finger, quality: quality), duration: .milliseconds(pressMilliseconds)),
                        .lift(duration: .milliseconds(liftMilliseconds)),
                    ], count: presses).flatMap { $0 })
            module.run(script)
            emit("finger \(finger): \(presses) presses of \(pressMilliseconds) ms, \(liftMilliseconds) ms apart, starting in \(start) ms")
        }
        await waitForInterrupt()
        await stop()
    }
}
