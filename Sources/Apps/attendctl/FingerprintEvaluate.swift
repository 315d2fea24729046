import ArgumentParser
import BiometricEvaluation
import Foundation

/// `attendctl fingerprint evaluate DIR`: our extractor and matcher on an FVC-style folder.
struct FingerprintEvaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract:
            "Enroll each finger of an FVC-style folder (NNN_I.tif|png|bmp|pgm|jpg) from --enroll impressions, verify each --probe impression against its own finger and identify it against all others; print accepted, false matches, timings and the all-pairs EER."
    )

    @Argument(help: "The folder of NNN_I images (finger NNN, impression I).")
    var folder: String

    @Option(help: "Impressions to enroll, e.g. 1,2,3,4,5.")
    var enroll: String = "1,2,3,4,5"

    @Option(help: "Impressions to probe with, e.g. 6,7,8.")
    var probe: String = "6,7,8"

    @Option(
        help:
            "images (our extractor), records (the folder's NNN_I.iso minutiae records) or cross (records enrolled, our extraction probing)."
    )
    var source: Source = .images

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    enum Source: String, ExpressibleByArgument, CaseIterable {
        case images, records, cross
    }

    func run() async throws {
        let plan: ImpressionPlan
        do {
            plan = try ImpressionPlan(enroll: enroll, probe: probe)
        } catch {
            throw ValidationError(error.description)
        }
        let evaluation = FingerprintEvaluation(plan: plan)
        let (folder, source) = (self.folder, self.source)
        let report = try await Task.detached { () throws -> FingerprintEvaluationReport in
            switch source {
            case .images: try evaluation.evaluateImages(folder: folder)
            case .records: try evaluation.evaluateRecords(folder: folder)
            case .cross: try evaluation.evaluateCross(folder: folder)
            }
        }.value
        try printReport(report, text: report.text, json: json)
    }
}
