import FaceRecognition
import ImageFiles

/// `attendctl face evaluate DIR`: every image of a `subject/image` folder embedded, then all-pairs
/// raw and protected figures and rank-1 identification.
///
/// Blocking and CPU-bound (tens of milliseconds per image): call it from a dedicated thread, never from
/// a task on the cooperative pool.
public enum FaceFolderEvaluation {
    /// Evaluates `folder`. The protected figures use `key` when given, otherwise a fresh random key for
    /// this run only (the figures then describe the scheme, not a tenant's key). Each image's face is
    /// the detector's best; images without a face are counted in `noFace` and left out.
    public static func evaluate(
        folder: String, analyzer: FaceAnalyzer, key: FaceProtectionKey? = nil,
        clock: any Clock<Duration> = ContinuousClock()
    ) throws(FaceBenchmarkError) -> FaceFolderReport {
        let testSet: FaceTestSet
        do {
            testSet = try TestSetScanner.faces(in: folder)
        } catch {
            throw FaceBenchmarkError(stage: "scan", subject: folder, detail: error.description)
        }
        var embeddings = FaceDatasetEmbeddings()
        for subject in testSet.subjectIDs {
            for path in testSet.subjects[subject] ?? [] {
                let input = try FaceInputLoader.load(path: path)
                do {
                    try embeddings.add(input, subject: subject, analyzer: analyzer, clock: clock)
                } catch {
                    throw FaceBenchmarkError(stage: "analyse", subject: path, detail: error.description)
                }
            }
        }
        return try report(folder: folder, embeddings: embeddings, key: key)
    }

    /// The report for embeddings already computed (see `evaluate`).
    public static func report(
        folder: String, embeddings: FaceDatasetEmbeddings, key: FaceProtectionKey?
    ) throws(FaceBenchmarkError) -> FaceFolderReport {
        let protector = FaceTemplateProtector(key: key ?? FaceProtectionKey.generate())
        guard let evaluation = FaceEvaluation.evaluate(embeddings.subjects, protector: protector),
            let frameMs = embeddings.frameMillisecondsMedian
        else {
            let found = embeddings.subjects.mapValues(\.count).sorted { $0.key < $1.key }
                .map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            throw FaceBenchmarkError(
                stage: "evaluate", subject: folder,
                detail: "expected faces of at least 2 subjects, one with 2 or more images; "
                    + "found \(embeddings.images) images, \(embeddings.noFace) without a face, faces per subject [\(found)]"
            )
        }
        return FaceFolderReport(
            folder: folder, raw: evaluation.raw, protected: evaluation.protected,
            frameMsMedian: frameMs, images: embeddings.images, noFace: embeddings.noFace,
            subjects: evaluation.subjects, embeddings: evaluation.embeddings, keyVersion: protector.keyVersion,
            keySource: key == nil ? "random" : "given")
    }
}
