import Foundation
import Minutiae
import SystemSupport

/// The fingerprint benchmark in one call: for each FVC folder our evaluation on the images, our matcher on
/// the commercial records, the cross evaluation and the NBIS anchor side by side; then 1:N over a large
/// synthetic gallery built from the extracted sets.
///
/// Synchronous, CPU-bound and single-threaded (timings are of one core): call it from a plain thread,
/// or use `runOffPool`.
public struct FingerprintBenchmark: Sendable {
    /// Our evaluation (plan, matcher, extractor, clock).
    public var evaluation: FingerprintEvaluation
    /// The anchor; nil skips it (reported as unavailable).
    public var anchor: NBISAnchor?
    /// The 1:N part; nil skips it.
    public var identification: IdentificationBenchmark?

    /// A benchmark; the anchor script is usually `<shared>/bench/nbis_anchor.py`.
    public init(
        evaluation: FingerprintEvaluation = FingerprintEvaluation(), anchor: NBISAnchor?,
        identification: IdentificationBenchmark? = IdentificationBenchmark()
    ) {
        self.evaluation = evaluation
        self.anchor = anchor
        self.identification = identification
    }

    /// Runs everything on the calling thread; a folder that fails is reported with its error, the rest runs.
    public func run(folders: [String]) -> FingerprintBenchmarkResult {
        var results: [FolderBenchmark] = []
        var extracted: [FingerprintSets] = []
        for folder in folders {
            let (result, sets) = runFolder(folder)
            results.append(result)
            if let sets { extracted.append(sets) }
        }
        let oneToMany = identification.flatMap { benchmark in
            extracted.isEmpty ? nil : Self.identification(benchmark, over: extracted, plan: evaluation.plan)
        }
        return FingerprintBenchmarkResult(
            plan: evaluation.plan, threshold: evaluation.matcher.threshold,
            folders: results, identification: oneToMany)
    }

    /// `run(folders:)` on a worker of its own, so that an async caller does not block the cooperative pool.
    public func runOffPool(folders: [String]) async -> FingerprintBenchmarkResult {
        await OffPoolWorker(label: "fingerprint-benchmark").run { run(folders: folders) }
    }

    private func runFolder(_ folder: String) -> (FolderBenchmark, FingerprintSets?) {
        var result = FolderBenchmark(
            folder: folder, error: nil, ours: nil, commercialRecords: nil, recordsError: nil,
            cross: nil, anchor: .unavailable("not run"), sideBySide: nil,
            accuracyTarget: AccuracyTarget(set: (folder as NSString).lastPathComponent, rates: nil))
        let images: FingerprintSets
        do {
            images = try evaluation.extractImages(folder: folder)
            result.ours = try evaluation.evaluate(images)
        } catch {
            result.error = error.description
            result.anchor = .unavailable("folder not evaluated")
            return (result, nil)
        }
        do {
            let records = try evaluation.readRecords(folder: folder)
            result.commercialRecords = try evaluation.evaluate(records)
            result.cross = try evaluation.evaluateCross(gallery: records, probes: images)
        } catch {
            result.recordsError = error.description
        }
        if let anchor {
            do {
                result.anchor = .ran(try anchor.run(folder: folder, plan: evaluation.plan))
            } catch {
                result.anchor = .unavailable(error.description)
            }
        } else {
            result.anchor = .unavailable("no anchor configured")
        }
        if let ours = result.ours {
            result.sideBySide = AnchorComparison(ours: ours, nbis: result.anchor.result)
            result.accuracyTarget = AccuracyTarget(set: (folder as NSString).lastPathComponent, rates: ours.allPairs)
        }
        return (result, images)
    }

    /// Per folder (of 3 or more fingers) the last finger probes as absent and the one before it is enrolled
    /// as present; every impression of the other fingers seeds the synthetic entries.
    static func identification(
        _ benchmark: IdentificationBenchmark, over folders: [FingerprintSets],
        plan: ImpressionPlan
    ) -> IdentificationBenchmarkResult {
        var sources: [MinutiaeSet] = []
        var present: [IdentificationBenchmark.PresentFinger] = []
        var absent: [MinutiaeSet] = []
        for sets in folders {
            let ids = sets.fingerIDs
            let folderName = (sets.folder as NSString).lastPathComponent
            func impressions(_ finger: String, _ list: [Int]) -> [MinutiaeSet] {
                list.compactMap { sets.fingers[finger]?[$0] }
            }
            let split = ids.count >= 3
            for finger in split ? Array(ids.dropLast(2)) : ids {
                sources += impressions(finger, (sets.fingers[finger] ?? [:]).keys.sorted())
            }
            guard split else { continue }
            let presentFinger = ids[ids.count - 2]
            let absentFinger = ids[ids.count - 1]
            present.append(
                .init(
                    name: "\(folderName)/\(presentFinger)", enrolled: impressions(presentFinger, plan.enroll),
                    probes: impressions(presentFinger, plan.probe)))
            absent += impressions(absentFinger, plan.allImpressions)
        }
        return benchmark.run(sources: sources, present: present, absentProbes: absent)
    }
}
