import ArgumentParser
import FingerprintModuleSim
import Foundation

/// An optional timed finger script for the simulated module (`terminal-sim fingerprint` and `usb`).
struct FingerScriptOptions: ParsableArguments {
    @Option(help: "Finger identity to press, e.g. zhangsan-right-index (omit to leave the sensor empty).")
    var finger: String?

    @Option(
        name: .customLong("finger-image"),
        help: ArgumentHelp(
            "Press a real fingerprint image instead: an 8-bit TIFF or PGM, e.g. ../shared/data/fingerprints/fvc2002_db1_b/101_1.tif.",
            discussion:
                "Impressions of one FVC finger (NNN_I) match each other; the image is centre-cropped to the 256×288 sensor."
        ))
    var fingerImage: String?

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
        guard finger == nil || fingerImage == nil else {
            throw ValidationError("give --finger or --finger-image, not both")
        }
        guard (1...20).contains(presses) else { throw ValidationError("--presses: expected 1-20, got \(presses)") }
        guard (0...100).contains(quality) else { throw ValidationError("--quality: expected 0-100, got \(quality)") }
        guard pressMilliseconds > 0, liftMilliseconds > 0, startAfterMilliseconds >= 0 else {
            throw ValidationError("--press-ms and --lift-ms must be positive, --start-after-ms not negative")
        }
    }

    /// The script, nil without --finger or --finger-image.
    func script() throws -> FingerPlacementScript? {
        let simulated: SimulatedFinger
        if let finger {
            simulated = SimulatedFinger(finger, quality: quality)
        } else if let fingerImage {
            do {
                simulated = try SimulatedFinger(imageFile: URL(fileURLWithPath: fingerImage))
            } catch {
                throw ValidationError("--finger-image \(fingerImage): \(error)")
            }
        } else {
            return nil
        }
        let press = FingerPlacementScript.Step.press(simulated, duration: .milliseconds(pressMilliseconds))
        let lift = FingerPlacementScript.Step.lift(duration: .milliseconds(liftMilliseconds))
        return FingerPlacementScript(
            steps: [.lift(duration: .milliseconds(startAfterMilliseconds))]
                + Array(repeating: [press, lift], count: presses).flatMap { $0 })
    }

    var summary: String {
        "finger \(finger ?? fingerImage ?? "-"): \(presses) presses of \(pressMilliseconds) ms, \(liftMilliseconds) ms apart, starting in \(startAfterMilliseconds) ms"
    }
}
