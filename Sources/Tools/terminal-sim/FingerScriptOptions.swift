import ArgumentParser
import FingerprintModuleSim
import Foundation

/// An optional timed finger script for the simulated module (`terminal-sim fingerprint` and `usb`).
struct FingerScriptOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Finger identity to press, e.g. zhangsan-right-index (omit to leave the sensor empty).",
            discussion:
                "A generated finger suits module templates (fingerprint.templates module); its drawn image has too few minutiae for ISO templates, which need --finger-image."
        ))
    var finger: String?

    @Option(
        name: .customLong("finger-image"),
        help: ArgumentHelp(
            "Press a real fingerprint image instead: an 8-bit TIFF or PGM, e.g. ../shared/data/fingerprints/fvc2002_db1_b/101_1.tif. Give it once per press for a different impression each time (the last one repeats).",
            discussion:
                "Impressions of one FVC finger (NNN_I) match each other; the image is centre-cropped to the 256×288 sensor."
        ))
    var fingerImages: [String] = []

    @Option(help: "Number of presses in the script (1-20).")
    var presses: Int = 3

    @Option(name: .customLong("press-ms"), help: "How long each press rests on the sensor.")
    var pressMilliseconds: Int = 1200

    @Option(name: .customLong("lift-ms"), help: "How long the finger is off the sensor between presses.")
    var liftMilliseconds: Int = 1000

    @Option(name: .customLong("start-after-ms"), help: "Delay before the first press (and between rounds).")
    var startAfterMilliseconds: Int = 3000

    @Option(help: "Placement quality 0-100.")
    var quality: Int = 90

    @Option(
        help: ArgumentHelp(
            "Rounds of the script (1-1000): the pause, then the presses, again and again.",
            discussion:
                "With many rounds the finger keeps coming back, so an enrollment pushed by hand at any moment finds it."
        ))
    var rounds: Int = 1

    func validate() throws {
        guard finger == nil || fingerImages.isEmpty else {
            throw ValidationError("give --finger or --finger-image, not both")
        }
        guard (1...20).contains(presses) else { throw ValidationError("--presses: expected 1-20, got \(presses)") }
        guard (0...100).contains(quality) else { throw ValidationError("--quality: expected 0-100, got \(quality)") }
        guard (1...1000).contains(rounds) else { throw ValidationError("--rounds: expected 1-1000, got \(rounds)") }
        guard pressMilliseconds > 0, liftMilliseconds > 0, startAfterMilliseconds >= 0 else {
            throw ValidationError("--press-ms and --lift-ms must be positive, --start-after-ms not negative")
        }
    }

    /// The script, nil without --finger or --finger-image.
    func script() throws -> FingerPlacementScript? {
        let fingers: [SimulatedFinger]
        if let finger {
            fingers = [SimulatedFinger(finger, quality: quality)]
        } else if !fingerImages.isEmpty {
            fingers = try fingerImages.map { path in
                do {
                    return try SimulatedFinger(imageFile: URL(fileURLWithPath: path))
                } catch {
                    throw ValidationError("--finger-image \(path): \(error)")
                }
            }
        } else {
            return nil
        }
        let lift = FingerPlacementScript.Step.lift(duration: .milliseconds(liftMilliseconds))
        let pressesAndLifts = (0..<presses).flatMap { index -> [FingerPlacementScript.Step] in
            let finger = fingers[min(index, fingers.count - 1)]
            return [.press(finger, duration: .milliseconds(pressMilliseconds)), lift]
        }
        return FingerPlacementScript(
            steps: [.lift(duration: .milliseconds(startAfterMilliseconds))] + pressesAndLifts, repetitions: rounds)
    }

    var summary: String {
        "finger \(finger ?? (fingerImages.isEmpty ? "-" : fingerImages.joined(separator: ", "))): \(presses) presses of \(pressMilliseconds) ms, \(liftMilliseconds) ms apart, starting in \(startAfterMilliseconds) ms"
            + (rounds > 1 ? ", \(rounds) rounds" : "")
    }
}
