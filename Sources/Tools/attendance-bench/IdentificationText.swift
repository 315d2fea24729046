import Foundation
import Measuring

extension IdentificationSummary {
    /// The report lines shared by the fingerprint and face parts: the chosen threshold's FPIR/FNIR, the
    /// measured per-comparison FMR, the 1:1 threshold's rates and the whole curve, under `header`.
    func lines(header: String, verificationThreshold: Int, atVerificationThreshold: IdentificationRates) -> [String] {
        let c = chosen
        var lines = [
            header,
            String(
                format: "  FPIR %.2f %% (%d of %d impostor probes), FNIR %.2f %% (%d of %d genuine probes)",
                c.rates.fpir * 100, c.rates.falsePositives, c.rates.impostorProbes, c.rates.fnir * 100, c.rates.misses,
                c.rates.genuineProbes),
            String(
                format:
                    "  per-comparison FMR measured %.2e over %d non-mate comparisons (predicted FPIR %.2f %%); max non-mate score %@; lowest threshold for FMR ≤ %.1e: %@",
                c.comparisonFMR, nonMateComparisons, c.predictedFPIR * 100, maxNonMateScore.map(String.init) ?? "-",
                targetFMR, lowestThresholdMeetingTarget.map(String.init) ?? "-"),
            String(
                format: "  at the 1:1 threshold %d: FPIR %.2f %%, FNIR %.2f %%", verificationThreshold,
                atVerificationThreshold.fpir * 100, atVerificationThreshold.fnir * 100),
        ]
        for point in curve {
            lines.append(
                String(
                    format: "    t=%d: FPIR %.2f %%, FNIR %.2f %%, comparison FMR %.2e", point.rates.threshold,
                    point.rates.fpir * 100, point.rates.fnir * 100, point.comparisonFMR))
        }
        return lines
    }
}
