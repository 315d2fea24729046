import FaceRecognition
import Foundation
import ImageFiles
import Measuring

/// `attendance-bench face`: per-frame time against the Python anchor on the same VGA files, embedding
/// parity on the anchor's boxes, and the EER cost of protection on ORL, in one result.
///
/// Blocking and CPU-bound (about a minute): call it from a dedicated thread. When the anchor is missing
/// or fails, `anchorStatus` says why and the anchor-dependent fields are nil; the rest still runs.
/// For parity the analyzer should use upsample 0 and colour detection, as the anchor does.
public enum FaceBenchmark {
    /// Runs every part. `clock` times our frames (wall); CPU time comes from the calling thread.
    public static func run(
        _ settings: FaceBenchmarkSettings, analyzer: FaceAnalyzer, clock: any Clock<Duration> = ContinuousClock()
    ) throws(FaceBenchmarkError) -> FaceBenchmarkResult {
        let frameFolder =
            settings.frameFolder
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("face-bench-\(UUID().uuidString)").path
        defer { if settings.frameFolder == nil { try? FileManager.default.removeItem(atPath: frameFolder) } }
        let frameSet = try VGAFrameSet.make(
            photoFolder: settings.photoFolder, outputFolder: frameFolder, width: settings.frameWidth,
            height: settings.frameHeight)
        let repetitions = max(settings.repetitions, 1)
        let previousBLASThreads = BLASThreads.current()
        if let threads = settings.blasThreads { BLASThreads.set(threads) }
        defer { if settings.blasThreads != nil, let previousBLASThreads { BLASThreads.set(previousBLASThreads) } }
        let blasThreads = BLASThreads.current()
        let loadBefore = LoadAverage.oneMinute()
        let ours = try FrameTimer.time(frameSet.frames, analyzer: analyzer, repetitions: repetitions, clock: clock)
        var grey: [FrameTimer.Timing]?
        if settings.timeGreyDetection {
            var greyAnalyzer = analyzer
            greyAnalyzer.detectColourAsGrey = true
            grey = try FrameTimer.time(frameSet.frames, analyzer: greyAnalyzer, repetitions: repetitions, clock: clock)
        }

        var anchorStatus = "ran"
        var anchorRows: [[FaceAnchorImage]] = frameSet.paths.map { _ in [] }
        if let location = settings.anchor {
            do throws(FaceBenchmarkError) {
                let repeated = (0..<repetitions).flatMap { _ in frameSet.paths }
                let output = try FaceAnchorRunner.run(location, images: repeated, upsample: analyzer.upsample)
                let index = Dictionary(uniqueKeysWithValues: frameSet.paths.enumerated().map { ($1, $0) })
                for row in output.images {
                    guard let i = index[row.image] else {
                        throw FaceBenchmarkError(
                            stage: "anchor output", subject: "images[].image",
                            detail: "\(row.image), expected one of the files passed")
                    }
                    anchorRows[i].append(row)
                }
            } catch {
                anchorStatus = "not run: \(error.description)"
                anchorRows = frameSet.paths.map { _ in [] }
            }
        } else {
            anchorStatus = "not run: no anchor location given"
        }

        let loadAfter = LoadAverage.oneMinute()
        let frames = timingSection(
            settings, paths: frameSet.paths, ours: ours, grey: grey, anchor: anchorRows, repetitions: repetitions,
            blasThreads: settings.blasThreads == nil ? nil : blasThreads,
            loadAverage: [loadBefore, loadAfter].compactMap { $0 })
        let parity = try paritySection(frameSet, ours: ours, anchor: anchorRows, analyzer: analyzer)
        let orl = try ProtectionCost.measure(
            folder: settings.orlFolder, subjects: settings.orlSubjects, keyCount: settings.keyCount, analyzer: analyzer,
            clock: clock)
        return FaceBenchmarkResult(
            models: analyzer.models.location.directory.path, anchorStatus: anchorStatus, frames: frames, parity: parity,
            orl: orl)
    }

    static func timingSection(
        _ settings: FaceBenchmarkSettings, paths: [String], ours: [FrameTimer.Timing], grey: [FrameTimer.Timing]?,
        anchor: [[FaceAnchorImage]], repetitions: Int, blasThreads: Int?, loadAverage: [Double]
    ) -> FaceFrameTimingSection {
        let rows = paths.indices.map { i in
            FaceFrameTiming(
                file: (paths[i] as NSString).lastPathComponent, oursFaces: ours[i].faces, oursWallMs: ours[i].wallMs,
                oursThreadCPUMs: ours[i].threadCPUMs, anchorFaces: anchor[i].first?.faces,
                anchorMs: Statistics.median(anchor[i].map(\.totalMs)))
        }
        let oursWall = Statistics.median(rows.map(\.oursWallMs))
        let anchorMs = Statistics.median(rows.compactMap(\.anchorMs))
        let ratio = oursWall.flatMap { o in anchorMs.map { o / $0 } }
        let greyWall = grey.flatMap { Statistics.median($0.map(\.wallMs)) }
        let greyRatio = greyWall.flatMap { g in anchorMs.map { g / $0 } }
        let target = 1.0 / 3
        return FaceFrameTimingSection(
            width: settings.frameWidth, height: settings.frameHeight, frameFolder: settings.frameFolder,
            files: paths.map { ($0 as NSString).lastPathComponent }, repetitions: repetitions,
            oursWallMsMedian: oursWall, oursThreadCPUMsMedian: Statistics.median(rows.map(\.oursThreadCPUMs)),
            oursProcessCPUMsMedian: Statistics.median(ours.map(\.processCPUMs)),
            oursGreyDetectionWallMsMedian: greyWall,
            greyDetectionRatio: greyRatio, blasThreads: blasThreads, loadAverage: loadAverage,
            anchorMsMedian: anchorMs, ratio: ratio, targetRatio: target, meetsTarget: ratio.map { $0 <= target },
            perFile: rows)
    }

    static func paritySection(
        _ frameSet: VGAFrameSet, ours: [FrameTimer.Timing], anchor: [[FaceAnchorImage]], analyzer: FaceAnalyzer
    ) throws(FaceBenchmarkError) -> FaceParitySection {
        var rows: [FaceParityRow] = []
        for (i, path) in frameSet.paths.enumerated() {
            guard let row = anchor[i].first, let box = row.box, let expected = row.embedding else { continue }
            let anchorBox = FaceBox(left: box.left, top: box.top, right: box.right, bottom: box.bottom)
            let embedding: FaceEmbedding
            do {
                embedding = try analyzer.embedding(in: frameSet.frames[i], box: anchorBox)
            } catch {
                throw FaceBenchmarkError(stage: "analyse", subject: path, detail: error.description)
            }
            let difference = zip(embedding.values, expected).map { abs(Double($0) - $1) }.max() ?? 0
            rows.append(
                FaceParityRow(
                    file: (path as NSString).lastPathComponent, maxAbsDifference: difference,
                    sameBox: ours[i].firstBox == anchorBox))
        }
        let worst = rows.map(\.maxAbsDifference).max()
        let target = 1e-4
        return FaceParitySection(
            compared: rows.count, maxAbsDifference: worst, sameBox: rows.filter(\.sameBox).count, target: target,
            meetsTarget: worst.map { $0 <= target }, perFile: rows)
    }
}
