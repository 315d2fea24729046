import Biometrics
import Foundation
import ImageFiles
import Imaging
import Measuring
import Minutiae

/// Loads the planned impressions of an FVC-style folder as minutiae sets; a finger with a missing or
/// unusable impression is left out with a note rather than failing the whole folder.
struct FingerprintSetLoader {
    let plan: ImpressionPlan
    let extractor: MinutiaeExtractor
    let pixelsPerCentimetre: Int
    let clock: any Clock<Duration>

    /// Extracts every planned impression of every finger from the `NNN_I` images, timing each extraction.
    func extractImages(folder: String) throws(FingerprintEvaluationError) -> FingerprintSets {
        let testSet: FingerprintTestSet
        do {
            testSet = try TestSetScanner.fingerprints(in: folder)
        } catch {
            throw .folder(error)
        }
        var fingers: [String: [Int: MinutiaeSet]] = [:]
        var milliseconds: [Double] = []
        var cpuMilliseconds: [Double] = []
        var notes: [String] = []
        for finger in testSet.fingerIDs {
            let paths = testSet.fingers[finger] ?? [:]
            if let note = missingNote(finger: finger, present: Set(paths.keys), kind: "image") {
                notes.append(note)
                continue
            }
            var sets: [Int: MinutiaeSet] = [:]
            var times: [Double] = []
            var cpuTimes: [Double] = []
            do {
                for impression in plan.allImpressions {
                    let extraction = try extract(path: paths[impression]!)
                    sets[impression] = extraction.set
                    times.append(extraction.milliseconds)
                    cpuTimes.append(extraction.cpuMilliseconds)
                }
            } catch {
                notes.append("finger \(finger): \(error); finger skipped")
                continue
            }
            fingers[finger] = sets
            milliseconds += times
            cpuMilliseconds += cpuTimes
        }
        guard !fingers.isEmpty else {
            throw .noUsableFinger(folder: folder, impressions: plan.allImpressions, notes: notes)
        }
        return FingerprintSets(
            folder: folder, source: .images, fingers: fingers, extractMilliseconds: milliseconds,
            extractCPUMilliseconds: cpuMilliseconds, notes: notes)
    }

    /// Reads every planned impression of every finger from the `NNN_I.iso` records (first view of each).
    func readRecords(folder: String) throws(FingerprintEvaluationError) -> FingerprintSets {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw .unreadableFolder(path: folder, reason: error.localizedDescription)
        }
        var paths: [String: [Int: String]] = [:]
        for name in names where !name.hasPrefix(".") && (name as NSString).pathExtension.lowercased() == "iso" {
            guard let (finger, impression) = Self.fvcName(name) else { continue }
            paths[finger, default: [:]][impression] = folder + "/" + name
        }
        guard !paths.isEmpty else { throw .noRecords(folder: folder) }
        var fingers: [String: [Int: MinutiaeSet]] = [:]
        var notes: [String] = []
        for finger in paths.keys.sorted(by: naturalOrder) {
            let files = paths[finger] ?? [:]
            if let note = missingNote(finger: finger, present: Set(files.keys), kind: "record") {
                notes.append(note)
                continue
            }
            var sets: [Int: MinutiaeSet] = [:]
            for impression in plan.allImpressions {
                let path = files[impression]!
                do {
                    let record = try ISOMinutiaeRecord(isoData: try Data(contentsOf: URL(fileURLWithPath: path)))
                    sets[impression] = record.minutiaeSets[0]
                } catch {
                    notes.append("finger \(finger): \(path): \(error); finger skipped")
                    break
                }
            }
            if sets.count == plan.allImpressions.count { fingers[finger] = sets }
        }
        guard !fingers.isEmpty else {
            throw .noUsableFinger(folder: folder, impressions: plan.allImpressions, notes: notes)
        }
        return FingerprintSets(
            folder: folder, source: .isoRecords, fingers: fingers, extractMilliseconds: [],
            extractCPUMilliseconds: [], notes: notes)
    }

    /// Loads and extracts one image; returns the set and the extraction's wall and thread CPU time (not the
    /// loading) in ms.
    func extract(path: String) throws(FingerprintEvaluationError)
        -> (set: MinutiaeSet, milliseconds: Double, cpuMilliseconds: Double)
    {
        let image: GrayImage
        do {
            image = try ImageFile.loadGray(path: path)
        } catch {
            throw .image(path: path, error)
        }
        do {
            let cpuStart = ThreadCPUTime.now()
            let (set, elapsed) = try timed(clock) { () throws(MinutiaeExtractionError) -> MinutiaeSet in
                try extractor.extract(image, pixelsPerCentimetre: pixelsPerCentimetre)
            }
            return (set, (elapsed).milliseconds, (ThreadCPUTime.now() - cpuStart).milliseconds)
        } catch {
            throw .extraction(path: path, error)
        }
    }

    /// The note for a finger lacking planned impressions, or nil when it has them all.
    private func missingNote(finger: String, present: Set<Int>, kind: String) -> String? {
        let missing = plan.allImpressions.filter { !present.contains($0) }
        guard !missing.isEmpty else { return nil }
        let word = missing.count == 1 ? "impression" : "impressions"
        return "finger \(finger): \(kind) of \(word) \(ImpressionPlan.text(missing)) missing; finger skipped"
    }

    /// Finger and impression of `NNN_I.ext`, or nil.
    static func fvcName(_ name: String) -> (String, Int)? {
        let parts = (name as NSString).deletingPathExtension.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            parts[1].count <= 9, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let impression = Int(parts[1])
        else { return nil }
        return (String(parts[0]), impression)
    }
}
