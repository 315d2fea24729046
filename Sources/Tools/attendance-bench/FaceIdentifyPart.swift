import FaceBenchmark
import FaceRecognition
import Foundation
import ImageFiles
import Imaging
import Measuring

/// The face part of `identify`: ORL s1-s20 embedded once and protected with a fresh key, 1:N over
/// galleries padded with `SyntheticFaces`, 1:1 figures; frame-to-verdict time on the shared colour
/// photos letterboxed to VGA, against 10,000 protected templates.
enum FaceIdentifyPart {
    struct Result: Codable {
        let subjects: Int
        let images: Int
        let noFace: Int
        let enrollImages: Int
        let identificationThreshold: Int
        let verificationThreshold: Int
        let synthetic: String
        let sourceEmbeddings: Int
        let identification: IdentificationSummary
        let atVerificationThreshold: IdentificationRates
        /// 1:1 figures of the protected templates (all pairs) at the 1:1 and the 1:N threshold.
        let verification: VerificationFigures
        let verificationAtIdentificationThreshold: VerificationFigures
        /// Frame to verdict (assessment, embedding, protection, 1:N over the gallery), accepted frames.
        let frames: Int
        let framesRefused: Int
        let frameToVerdictWallMs: MedianMax
        let frameToVerdictCPUMs: MedianMax
        let scanWallMs: MedianMax
        let targetMs: Double
        let ratioToTarget: Double
    }

    static func run(_ settings: IdentifySettings) throws -> Result {
        let analyzer = FaceAnalyzer(models: try FaceModels(directory: settings.models ?? ".models/face"))
        let orl = "\(settings.shared)/data/faces/orl"
        let testSet = try TestSetScanner.faces(in: orl)
        var embeddings = FaceDatasetEmbeddings()
        for name in (1...20).map({ "s\($0)" }) {
            guard let paths = testSet.subjects[name] else {
                throw BenchError("expected \(orl)/\(name) (ORL subjects s1-s20), missing")
            }
            for path in paths.sorted(by: { $0.compare($1, options: .numeric) == .orderedAscending }) {
                try embeddings.add(
                    try FaceInputLoader.load(path: path), subject: name, analyzer: analyzer, clock: ContinuousClock())
            }
        }
        // A fixed key, so that runs are comparable (another key moves the scores by about 1 %).
        let protector = FaceTemplateProtector(key: try FaceProtectionKey(version: 1, bytes: Array(0..<32)))
        let identification = FaceIdentification(galleryCount: settings.gallery)
        let run = identification.run(subjects: embeddings.subjects, protector: protector)
        let threshold = ProtectedFaceMatcher.identificationThreshold
        let summary = IdentificationSummary(
            outcomes: run.outcomes, nonMateScores: run.nonMateScores, galleryCount: run.galleryEntries,
            threshold: threshold, curve: Array(stride(from: 600, through: 800, by: 20)),
            targetFPIR: settings.targetFPIR)
        guard
            let oneToOne = FaceEvaluation.evaluate(embeddings.subjects, protector: protector),
            let oneToOneAtIdentification = FaceEvaluation.evaluate(
                embeddings.subjects, protector: protector, protectedThreshold: threshold)
        else { throw BenchError("ORL s1-s20: expected faces of at least 2 subjects") }

        // Frame to verdict against 10,000 protected templates: the ORL ones and synthetic faces.
        var gallery = embeddings.subjects.values.flatMap { $0 }.map(protector.protect)
        gallery += SyntheticFaces(seed: 7).embeddings(
            from: embeddings.subjects.values.flatMap { $0 }, count: max(0, settings.gallery - gallery.count)
        ).map(protector.protect)
        let frames = try photoFrames("\(settings.shared)/data/faces/face_recognition_examples")
        let timed = try FaceVerdictTiming(analyzer: analyzer, protector: protector).time(frames, gallery: gallery)
        let accepted = timed.filter(\.accepted)
        let wall = MedianMax(accepted.map(\.wallMs))
        return Result(
            subjects: embeddings.subjects.count, images: embeddings.images, noFace: embeddings.noFace,
            enrollImages: identification.enrollImages, identificationThreshold: threshold,
            verificationThreshold: ProtectedFaceMatcher.defaultThreshold,
            synthetic:
                "Gaussian draws with the mean and sample covariance of the source subjects' embeddings (SyntheticFaces), protected with the fixed bench key (bytes 0-31)",
            sourceEmbeddings: run.sourceEmbeddings, identification: summary,
            atVerificationThreshold: IdentificationRates(
                outcomes: run.outcomes, threshold: ProtectedFaceMatcher.defaultThreshold),
            verification: oneToOne.protected, verificationAtIdentificationThreshold: oneToOneAtIdentification.protected,
            frames: accepted.count, framesRefused: timed.count - accepted.count, frameToVerdictWallMs: wall,
            frameToVerdictCPUMs: MedianMax(accepted.map(\.cpuMs)), scanWallMs: MedianMax(accepted.map(\.scanWallMs)),
            targetMs: settings.targetMs, ratioToTarget: wall.median / settings.targetMs)
    }

    /// The shared colour photos letterboxed to 640 × 480 in memory.
    static func photoFrames(_ folder: String) throws -> [FaceInput] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var paths: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            let ext = (relative as NSString).pathExtension.lowercased()
            if ["jpg", "jpeg", "png"].contains(ext) { paths.append(folder + "/" + relative) }
        }
        return try paths.sorted().map { path in
            .rgb(try VGAFrameMaker.letterbox(try ImageFile.loadRGB(path: path)))
        }
    }
}

extension FaceIdentifyPart.Result {
    var text: String {
        var lines = identification.lines(
            header:
                "face (protected, ORL s1-s20: \(images) images, \(noFace) without a face; \(enrollImages) enrolled image per member) 1:N over \(identification.galleryCount) entries, threshold \(identificationThreshold):",
            verificationThreshold: verificationThreshold, atVerificationThreshold: atVerificationThreshold)
        lines.append(
            String(
                format: "  1:1 protected: EER %.2f %%; at %d FMR %.4f %% FNMR %.2f %%; at %d FMR %.4f %% FNMR %.2f %%",
                verification.eer * 100, verificationThreshold, verification.farAtThreshold * 100,
                verification.frrAtThreshold * 100, identificationThreshold,
                verificationAtIdentificationThreshold.farAtThreshold * 100,
                verificationAtIdentificationThreshold.frrAtThreshold * 100))
        lines.append(
            String(
                format:
                    "  frame to verdict (%d frames, %d refused by the gates): median %.0f ms wall (%.0f ms CPU, scan %.1f ms), max %.0f ms; %.2f× the %.0f ms target",
                frames, framesRefused, frameToVerdictWallMs.median, frameToVerdictCPUMs.median, scanWallMs.median,
                frameToVerdictWallMs.max, ratioToTarget, targetMs))
        return lines.joined(separator: "\n")
    }
}
