import FaceRecognition
import Measuring

/// Verification figures as the JSON reports show them (snake_case keys, `tar_at_far_1e-3`).
public typealias FaceFigures = VerificationFigures

extension VerificationFigures {
    /// One line: EER, TAR at FAR 1e-3 and rank-1 in percent.
    public var summary: String {
        "EER \(NumberText.format(eer)), TAR@FAR1e-3 \(NumberText.format(tarAtFAR1e3)), rank-1 \(NumberText.format(rank1)) "
            + "(\(genuinePairs) genuine / \(impostorPairs) impostor pairs)"
    }
}

/// Formatting of rates and milliseconds for the text reports.
enum NumberText {
    /// `rate` (0...1) as a percentage with two decimals.
    static func format(_ rate: Double) -> String { fixed(rate * 100, decimals: 2) + " %" }

    /// `value` with a fixed number of decimals.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let whole = Int(rounded / scale)
        let fraction = Int(rounded - Double(whole) * scale)
        let sign = value < 0 && rounded != 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        let digits = String(fraction)
        return "\(sign)\(whole)." + String(repeating: "0", count: decimals - digits.count) + digits
    }
}
