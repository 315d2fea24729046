import Foundation

extension FingerprintEvaluationReport {
    /// A few aligned lines for a person: counts, rates, timings and the notes.
    public var text: String {
        let title: String
        switch kind {
        case .images: title = "our extraction of the images"
        case .isoRecords: title = "commercial .iso records, our matcher"
        case .cross: title = "gallery from commercial .iso records, probes from our extraction"
        }
        var lines = [
            "\((folder as NSString).lastPathComponent): \(title)",
            "  fingers            \(fingers) (\(images) sets; enroll \(ImpressionPlan.text(enroll)), probe \(ImpressionPlan.text(probe)))",
            "  genuine accepted   \(genuineAccepted)/\(genuineTotal) (\(Self.percent(genuineAccepted, genuineTotal)))",
            "  false matches      \(falseMatches)/\(impostorTotal) (\(Self.percent(falseMatches, impostorTotal))); "
                + "probes matching another finger \(falseMatchProbes)/\(genuineTotal)",
        ]
        if let median = extractMillisecondsMedian {
            lines.append(
                "  extraction         \(Self.fixed(median, 2)) ms median"
                    + (extractMillisecondsMean.map { ", mean \(Self.fixed($0, 2)) ms" } ?? "")
                    + (extractCPUMillisecondsMedian.map { ", CPU \(Self.fixed($0, 2)) ms median" } ?? ""))
        }
        lines += [
            "  comparison         \(Self.fixed(compareMicrosecondsMedian, 1)) µs median",
            "  EER (all pairs)    \(Self.fixed(allPairs.equalErrorRate * 100, 2)) % over \(allPairs.genuinePairs) genuine, "
                + "\(allPairs.impostorPairs) impostor pairs",
            "  FNMR at FMR        ≤1 %: \(Self.fixed(allPairs.fmr100 * 100, 2)) %, ≤0.1 %: \(Self.fixed(allPairs.fmr1000 * 100, 2)) %, "
                + "≤0.01 %: \(Self.fixed(allPairs.fmr10000 * 100, 2)) %, 0: \(Self.fixed(allPairs.zeroFMR * 100, 2)) %",
            "  threshold          \(threshold) (highest impostor score \(allPairs.maxImpostorScore), "
                + "lowest genuine \(allPairs.minGenuineScore))",
            "  minutiae per set   \(Self.fixed(minutiaeMedian, 1)) median",
        ]
        if let same = sameImageScoreMedian {
            lines.append("  same image score   \(Self.fixed(same, 1)) median (ours vs commercial record of that image)")
        }
        lines += notes.map { "  note: \($0)" }
        return lines.joined(separator: "\n")
    }

    static func percent(_ part: Int, _ total: Int) -> String {
        total == 0 ? "n/a" : fixed(100 * Double(part) / Double(total), 1) + " %"
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
