import Foundation

extension FingerprintBenchmarkResult {
    /// A summary for the console: per folder ours / commercial records / cross / NBIS, then 1:N.
    public var text: String {
        var lines: [String] = []
        for folder in folders {
            lines.append("== \((folder.folder as NSString).lastPathComponent)")
            if let error = folder.error {
                lines.append("  not evaluated: \(error)")
                continue
            }
            for report in [folder.ours, folder.commercialRecords, folder.cross].compactMap({ $0 }) {
                lines.append(report.text)
            }
            if let error = folder.recordsError { lines.append("  commercial records: \(error)") }
            if let nbis = folder.anchor.result {
                lines.append(
                    "  NBIS anchor: genuine \(nbis.genuineAccepted)/\(nbis.genuineTotal), false matches "
                        + "\(nbis.falseMatches)/\(nbis.impostorProbes) probes, extraction "
                        + (nbis.extractMillisecondsMedian.map { FingerprintEvaluationReport.fixed($0, 2) + " ms" }
                            ?? "n/a")
                        + " median")
            } else {
                lines.append("  NBIS anchor unavailable: \(folder.anchor.reason ?? "unknown reason")")
            }
            if let side = folder.sideBySide {
                let ratio = side.extractRatio.map { FingerprintEvaluationReport.fixed($0, 2) } ?? "n/a"
                lines.append(
                    "  ours/NBIS extraction \(ratio) (target ≤ \(side.extractRatioTarget)); comparison "
                        + "\(FingerprintEvaluationReport.fixed(side.compareMicrosecondsOurs, 1)) µs vs bozorth3 ≈ "
                        + "\(Int(side.compareMicrosecondsBozorth3Quoted)) µs (quoted in the issue)")
            }
            if let target = folder.accuracyTarget {
                let verdict = target.met.map { $0 ? "met" : "NOT met" } ?? "not evaluated"
                lines.append(
                    "  accuracy target: all-pairs EER ≤ \(FingerprintEvaluationReport.fixed(target.maximumEER * 100, 1)) %"
                        + (target.maximumFMR1000.map {
                            ", FMR1000 ≤ \(FingerprintEvaluationReport.fixed($0 * 100, 1)) %"
                        } ?? "")
                        + ": \(verdict)")
            }
        }
        if let oneToMany = identification {
            let f = { (value: Double) in FingerprintEvaluationReport.fixed(value, 3) }
            lines.append("== 1:N over \(oneToMany.galleryEntries) entries (\(oneToMany.galleryViews) views, one core)")
            lines.append(
                "  absent probes  \(oneToMany.absent.probes): \(f(oneToMany.absent.cpuSecondsMedian)) s CPU median "
                    + "(max \(f(oneToMany.absent.cpuSecondsMax))), \(f(oneToMany.absent.wallSecondsMedian)) s wall; "
                    + "false matches \(oneToMany.absent.matched); target \(oneToMany.targetSeconds) s")
            lines.append(
                "  present probes \(oneToMany.present.probes): \(f(oneToMany.present.cpuSecondsMedian)) s CPU median, "
                    + "found \(oneToMany.present.correct), matched \(oneToMany.present.matched)")
        }
        return lines.joined(separator: "\n")
    }
}
