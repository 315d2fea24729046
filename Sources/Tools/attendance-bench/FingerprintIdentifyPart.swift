import BiometricEvaluation
import FingerprintModule
import Foundation
import Measuring
import Minutiae

/// The fingerprint part of `identify`: our extraction of the FVC images (what the terminal's ISO
/// templates hold), 1:N over galleries padded to the gallery size, 1:1 figures of the same sets.
enum FingerprintIdentifyPart {
    struct Result: Codable {
        let folders: [String]
        let plan: ImpressionPlan
        let identificationThreshold: Int
        let verificationThreshold: Int
        let sourceFingers: Int
        let perturbation: MinutiaePerturbation
        /// FPIR/FNIR at the identification threshold and around it.
        let identification: IdentificationSummary
        /// The same searches judged at the 1:1 threshold.
        let atVerificationThreshold: IdentificationRates
        /// 1:1 figures per folder, all pairs of single impressions.
        let verification: [PairwiseVerification]
        /// Thread CPU seconds of one search (prepare + full scan of every entry), median and max.
        let searchCPUSeconds: MedianMax
        /// Wall seconds of one search.
        let searchWallSeconds: MedianMax
        /// Extraction of one image, milliseconds (median and max over the images).
        let extractMilliseconds: MedianMax
        /// Press to verdict per link: image upload on the wire + extraction + search (medians), ms.
        let pressToVerdict: [Link]
    }

    struct Link: Codable {
        let link: String
        let imageUploadMs: Double
        let hostMs: Double
        let verdictMs: Double
        let targetMs: Double
        let ratioToTarget: Double
    }

    static func run(_ settings: IdentifySettings) throws -> Result {
        let plan = ImpressionPlan(enroll: [1, 2, 3], probe: [4, 5, 6, 7, 8])
        let folders = ["fvc2002_db1_b", "fvc2004_db4_b_synthetic_subset"].map {
            "\(settings.shared)/data/fingerprints/\($0)"
        }
        let evaluation = FingerprintEvaluation(plan: plan)
        let sets = try folders.map { folder throws(FingerprintEvaluationError) in
            try evaluation.extractImages(folder: folder)
        }
        let identification = FingerprintIdentification(galleryCount: settings.gallery, plan: plan)
        let run = identification.run(folders: sets)
        let threshold = MinutiaeMatcher.identificationThreshold
        let summary = IdentificationSummary(
            outcomes: run.outcomes, nonMateScores: run.nonMateScores, galleryCount: run.galleryEntries,
            threshold: threshold,
            curve: Array(MinutiaeMatcher.defaultThreshold...max(threshold + 4, MinutiaeMatcher.defaultThreshold)),
            targetFPIR: settings.targetFPIR)
        let extract = sets.flatMap(\.extractMilliseconds)
        let searchMs = (Statistics.median(run.wallSeconds) ?? 0) * 1000
        let hostMs = (Statistics.median(extract) ?? 0) + searchMs
        // UpImage: 4 bits a pixel behind a UART (10 bits a byte), 8 on native USB (bulk ceiling at full speed).
        let uartUploadMs = Double(ZFMImage.pixelCount / 2 * 10) / 57_600 * 1000
        let usbUploadMs = Double(ZFMImage.pixelCount) / (19.0 * 64 * 1000) * 1000
        let links = [
            ("host only (image already here)", 0.0), ("UART 57,600 baud", uartUploadMs),
            ("USB full speed", usbUploadMs),
        ]
        .map { link, upload in
            Link(
                link: link, imageUploadMs: upload, hostMs: hostMs, verdictMs: upload + hostMs,
                targetMs: settings.targetMs, ratioToTarget: (upload + hostMs) / settings.targetMs)
        }
        return Result(
            folders: folders, plan: plan, identificationThreshold: threshold,
            verificationThreshold: MinutiaeMatcher.defaultThreshold, sourceFingers: run.sourceFingers,
            perturbation: identification.builder.perturbation, identification: summary,
            atVerificationThreshold: IdentificationRates(
                outcomes: run.outcomes, threshold: MinutiaeMatcher.defaultThreshold),
            verification: sets.map {
                PairwiseVerification(
                    sets: $0, matcher: MinutiaeMatcher(),
                    thresholds: [MinutiaeMatcher.defaultThreshold, threshold])
            },
            searchCPUSeconds: MedianMax(run.cpuSeconds), searchWallSeconds: MedianMax(run.wallSeconds),
            extractMilliseconds: MedianMax(extract), pressToVerdict: links)
    }
}

extension FingerprintIdentifyPart.Result {
    var text: String {
        var lines = identification.lines(
            header:
                "fingerprint (ISO, our extraction; enroll \(plan.enroll.map(String.init).joined(separator: ",")), probe \(plan.probe.map(String.init).joined(separator: ","))) 1:N over \(identification.galleryCount) entries, threshold \(identificationThreshold):",
            verificationThreshold: verificationThreshold, atVerificationThreshold: atVerificationThreshold)
        for v in verification {
            let at = v.thresholds.map {
                String(format: "t=%d FMR %.4f %% FNMR %.2f %%", $0.threshold, $0.fmr * 100, $0.fnmr * 100)
            }
            lines.append(
                String(
                    format: "  1:1 %@: EER %.2f %%, ", (v.folder as NSString).lastPathComponent, v.equalErrorRate * 100)
                    + at.joined(separator: ", "))
        }
        lines.append(
            String(
                format:
                    "  search (prepare + %d entries): median %.1f ms wall, %.1f ms CPU, max %.1f ms wall; extraction median %.1f ms",
                identification.galleryCount, searchWallSeconds.median * 1000, searchCPUSeconds.median * 1000,
                searchWallSeconds.max * 1000, extractMilliseconds.median))
        for link in pressToVerdict {
            lines.append(
                String(
                    format: "  press to verdict, %@: %.0f ms (upload %.0f + host %.0f), %.2f× the %.0f ms target",
                    link.link, link.verdictMs, link.imageUploadMs, link.hostMs, link.ratioToTarget, link.targetMs))
        }
        return lines.joined(separator: "\n")
    }
}
