import ArgumentParser
import FingerprintModuleSim

/// An optional timed finger script for the simulated module (same options as `terminal-sim fingerprint`).
struct USBFingerScriptOptions: ParsableArguments {
    @Option(help: "Finger identity to press, e.g. zhangsan-right-index (omit to leave the sensor empty).")
    var finger: String?

    @Option(help: "Number of presses in the script (1-20).")
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

    /// The script, nil without --finger.
    func script() -> FingerPlacementScript? {
        guard let finger else { return nil }
        let press = FingerPlacementScript.Step.press(
            SimulatedFinger(finger, quality: quality), duration: .milliseconds(pressMilliseconds))
        let lift = FingerPlacementScript.Step.lift(duration: .milliseconds(liftMilliseconds))
        return FingerPlacementScript(
            steps: [.lift(duration: .milliseconds(startAfterMilliseconds))]
                + Array(repeating: [press, lift], count: presses).flatMap { $0 })
    }

    var summary: String {
        "finger \(finger ?? "-"): \(presses) presses of \(pressMilliseconds) ms, \(liftMilliseconds) ms apart, starting in \(startAfterMilliseconds) ms"
    }
}
