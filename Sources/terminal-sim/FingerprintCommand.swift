import ArgumentParser
import Foundation
import FingerprintModuleSim

struct Fingerprint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a simulated ZFM fingerprint module on a Unix-domain socket until Ctrl-C.")

    @Option(help: "Socket path the daemon's fingerprint.link points at (unix:PATH).")
    var socket: String

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
        guard (1...20).contains(presses) else { throw ValidationError("--presses: expected 1-20, got \(presses)") }
        guard (0...100).contains(quality) else { throw ValidationError("--quality: expected 0-100, got \(quality)") }
        guard pressMilliseconds > 0, liftMilliseconds > 0, startAfterMilliseconds >= 0 else {
            throw ValidationError("--press-ms and --lift-ms must be positive, --start-after-ms not negative")
        }
    }

    func run() async throws {
        let module = SimulatedZFMModule(clock: ContinuousClock())
        let server = try ZFMSocketServer(module: module, path: socket)
        server.start()
        emit("fingerprint module simulator on unix:\(socket)")
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
        await server.shutdown()
    }
}
