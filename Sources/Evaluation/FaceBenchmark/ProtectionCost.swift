import FaceRecognition
import ImageFiles

/// Raw against protected EER on ORL s1…sN, over several fresh random keys.
public enum ProtectionCost {
    /// Embeds `folder/s1…sN/*` once, then evaluates protected templates under `keyCount` random keys.
    public static func measure(
        folder: String, subjects: Int, keyCount: Int, analyzer: FaceAnalyzer,
        clock: any Clock<Duration> = ContinuousClock()
    ) throws(FaceBenchmarkError) -> FaceProtectionCostSection {
        let testSet: FaceTestSet
        do {
            testSet = try TestSetScanner.faces(in: folder)
        } catch {
            throw FaceBenchmarkError(stage: "scan", subject: folder, detail: error.description)
        }
        let subjectCount = max(subjects, 1)
        var embeddings = FaceDatasetEmbeddings()
        for name in (1...subjectCount).map({ "s\($0)" }) {
            guard let paths = testSet.subjects[name] else {
                throw FaceBenchmarkError(
                    stage: "scan", subject: folder + "/" + name,
                    detail: "expected subject folder s1…s\(subjectCount), missing")
            }
            for path in paths {
                let input = try FaceInputLoader.load(path: path)
                do {
                    try embeddings.add(input, subject: name, analyzer: analyzer, clock: clock)
                } catch {
                    throw FaceBenchmarkError(stage: "analyse", subject: path, detail: error.description)
                }
            }
        }
        let first = try FaceFolderEvaluation.report(folder: folder, embeddings: embeddings, key: nil)
        var protected = [first.protected]
        for _ in 1..<max(keyCount, 1) {
            protected.append(
                try FaceFolderEvaluation.report(folder: folder, embeddings: embeddings, key: nil).protected)
        }
        let costs = protected.map { ($0.eer - first.raw.eer) * 100 }
        let target = 0.3
        let worst = costs.max() ?? 0
        return FaceProtectionCostSection(
            folder: folder, subjects: subjectCount, images: embeddings.images, noFace: embeddings.noFace,
            raw: first.raw, protectedPerKey: protected, costPoints: costs,
            costPointsMean: costs.reduce(0, +) / Double(costs.count), costPointsMax: worst, targetPoints: target,
            meetsTarget: worst <= target)
    }
}
