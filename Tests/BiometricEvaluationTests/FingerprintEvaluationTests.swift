import Foundation
import ImageFiles
import Minutiae
import Testing

@testable import BiometricEvaluation

@Suite(
    "Fingerprint evaluation of FVC-style folders",
    .enabled(if: TestFolders.sharedDataPresent, "skipped: ../shared/data/fingerprints is absent"))
struct FingerprintEvaluationTests {
    let evaluation = FingerprintEvaluation()

    @Test func imagesOfThreeFingersGiveProtocolCounts() throws {
        let folder = try TestFolders.threeFingerCopy()
        defer { TestFolders.remove(folder) }
        let report = try evaluation.evaluateImages(folder: folder)
        #expect(report.kind == .images)
        #expect(report.fingers == 3)
        #expect(report.images == 24)
        #expect(report.genuineTotal == 3 * 3)
        #expect(report.impostorTotal == 3 * 3 * 2)
        #expect((0...report.genuineTotal).contains(report.genuineAccepted))
        #expect((0...report.impostorTotal).contains(report.falseMatches))
        // Counted once per probe instead of once per probe × finger.
        #expect(report.falseMatchProbes <= min(report.falseMatches, report.genuineTotal))
        #expect((report.falseMatchProbes == 0) == (report.falseMatches == 0))
        #expect((0.0...1.0).contains(report.equalErrorRate))
        #expect(report.notes.isEmpty)
        let extract = try #require(report.extractMillisecondsMedian)
        #expect(extract > 0)
        let cpu = try #require(report.extractCPUMillisecondsMedian)
        #expect(cpu > 0 && cpu <= extract * 1.5, "CPU \(cpu) ms vs wall \(extract) ms")
        #expect(report.compareMicrosecondsMedian > 0)
        #expect(report.minutiaeMedian >= 10, "a synthetic print has dozens of minutiae")
        #expect(report.allPairs.maxImpostorScore < report.threshold || report.falseMatches > 0)
    }

    @Test func anyFolderOfPNGImagesWorksWithAnyPlan() throws {
        let folder = try TestFolders.temporary()
        defer { TestFolders.remove(folder) }
        for finger in 1...4 {
            for impression in 1...3 {
                let image = try ImageFile.loadGray(path: TestFolders.synthetic + "/10\(finger)_\(impression).tif")
                try PNGEncoder.write(image, toPath: folder + "/\(finger)_\(impression).png")
            }
        }
        let plan = ImpressionPlan(enroll: [1, 2], probe: [3])
        let report = try FingerprintEvaluation(plan: plan).evaluateImages(folder: folder)
        #expect(report.fingers == 4 && report.images == 12)
        #expect(report.genuineTotal == 4 && report.impostorTotal == 12)
        #expect(report.enroll == [1, 2] && report.probe == [3])
    }

    @Test func jsonHasTheIssueKeys() throws {
        let folder = try TestFolders.threeFingerCopy()
        defer { TestFolders.remove(folder) }
        let report = try evaluation.evaluateRecords(folder: folder)
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        for key in [
            "genuine_accepted", "genuine_total", "false_matches", "impostor_total", "extract_ms_median",
            "compare_us_median", "eer", "images", "minutiae_median", "threshold",
        ] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["extract_ms_median"] is NSNull, "records are not extracted")
        #expect(object["extract_cpu_ms_median"] is NSNull)
        #expect(object["genuine_total"] as? Int == 9)
        let decoded = try JSONDecoder().decode(FingerprintEvaluationReport.self, from: JSONEncoder().encode(report))
        #expect(decoded == report)
    }

    @Test func recordsAndImagesAgreeOnTotals() throws {
        let folder = try TestFolders.threeFingerCopy()
        defer { TestFolders.remove(folder) }
        let images = try evaluation.extractImages(folder: folder)
        let records = try evaluation.readRecords(folder: folder)
        #expect(images.extractMilliseconds.count == 24)
        #expect(records.extractMilliseconds.isEmpty)
        let fromImages = try evaluation.evaluate(images)
        let fromRecords = try evaluation.evaluate(records)
        #expect(fromRecords.kind == .isoRecords)
        #expect(fromImages.genuineTotal == fromRecords.genuineTotal)
        #expect(fromImages.impostorTotal == fromRecords.impostorTotal)
        let cross = try evaluation.evaluateCross(gallery: records, probes: images)
        #expect(cross.kind == .cross)
        #expect(cross.genuineTotal == 9 && cross.impostorTotal == 18)
        #expect(cross.images == 3 * (5 + 3))
        // Our extraction of an image against the commercial record of the very same image.
        let sameImage = try #require(cross.sameImageScoreMedian)
        #expect(sameImage >= Double(cross.threshold), "same image scored \(sameImage)")
    }

    @Test func missingImpressionSkipsThatFingerWithANote() throws {
        let folder = try TestFolders.threeFingerCopy()
        defer { TestFolders.remove(folder) }
        try FileManager.default.removeItem(atPath: folder + "/102_7.tif")
        let report = try evaluation.evaluateImages(folder: folder)
        #expect(report.fingers == 2)
        #expect(report.images == 16)
        #expect(report.genuineTotal == 6 && report.impostorTotal == 6)
        #expect(report.notes == ["finger 102: image of impression 7 missing; finger skipped"])
        #expect(report.text.contains("note: finger 102"))
    }

    @Test func unreadableImageSkipsThatFingerNamingTheFile() throws {
        let folder = try TestFolders.threeFingerCopy()
        defer { TestFolders.remove(folder) }
        try Data("not a tiff".utf8).write(to: URL(fileURLWithPath: folder + "/103_2.tif"))
        let sets = try evaluation.extractImages(folder: folder)
        #expect(sets.fingerIDs == ["101", "102"])
        #expect(sets.notes.count == 1)
        #expect(sets.notes[0].hasPrefix("finger 103: \(folder)/103_2.tif"))
    }

    @Test func missingRecordSkipsThatFingerInCross() throws {
        let folder = try TestFolders.threeFingerCopy()
        defer { TestFolders.remove(folder) }
        try FileManager.default.removeItem(atPath: folder + "/101_3.iso")
        let report = try evaluation.evaluateCross(folder: folder)
        #expect(report.fingers == 2)
        #expect(report.genuineTotal == 6)
        #expect(report.notes.contains("gallery: finger 101: record of impression 3 missing; finger skipped"))
        #expect(report.notes.contains("finger 101: not usable in the gallery source; finger skipped"))
    }

    @Test func emptyFolderIsAClearError() throws {
        let folder = try TestFolders.temporary()
        defer { TestFolders.remove(folder) }
        #expect {
            try evaluation.evaluateImages(folder: folder)
        } throws: { error in
            guard case .folder(let scan) = error as? FingerprintEvaluationError else { return false }
            return scan.kind == .noImages && scan.path == folder
        }
        #expect(throws: FingerprintEvaluationError.noRecords(folder: folder)) {
            try evaluation.evaluateRecords(folder: folder)
        }
    }

    @Test func folderWithoutACompleteFingerNamesTheImpressions() throws {
        let folder = try TestFolders.temporary()
        defer { TestFolders.remove(folder) }
        try FileManager.default.copyItem(atPath: TestFolders.synthetic + "/101_1.tif", toPath: folder + "/101_1.tif")
        let plan = ImpressionPlan(enroll: [1], probe: [2])
        #expect(
            throws: FingerprintEvaluationError.noUsableFinger(
                folder: folder, impressions: [1, 2],
                notes: ["finger 101: image of impression 2 missing; finger skipped"])
        ) {
            try FingerprintEvaluation(plan: plan).evaluateImages(folder: folder)
        }
    }

    @Test(arguments: [
        (ImpressionPlan(enroll: [], probe: [6]), "enroll", "an empty list"),
        (ImpressionPlan(enroll: [1, 2], probe: [2, 3]), "probe", "2"),
        (ImpressionPlan(enroll: [0, 1], probe: [3]), "enroll", "0"),
        (ImpressionPlan(enroll: [1], probe: [3, 3]), "probe", "3,3"),
    ])
    func invalidPlansAreRejected(plan: ImpressionPlan, field: String, found: String) throws {
        #expect {
            try FingerprintEvaluation(plan: plan).evaluateRecords(folder: TestFolders.synthetic)
        } throws: { error in
            guard case let .invalidPlan(badField, _, badFound) = error as? FingerprintEvaluationError else {
                return false
            }
            return badField == field && badFound == found
        }
    }

    @Test func renderingARealPrintMarksEveryMinutia() throws {
        let path = TestFolders.synthetic + "/101_1.tif"
        let rendering = MinutiaeRendering()
        let (png, set) = try rendering.png(imageAt: path)
        let decoded = try ImageFile.decode(png)
        #expect(decoded.width == 288 && decoded.height == 384)
        #expect(set.minutiae.count >= 10)
        let colours = stride(from: 0, to: decoded.rgbSamples.count, by: 3).map {
            RGBColor(red: decoded.rgbSamples[$0], green: decoded.rgbSamples[$0 + 1], blue: decoded.rgbSamples[$0 + 2])
        }
        for minutia in set.minutiae {
            // The direction line starts at the minutia itself, in its kind's colour (later marks may cover it).
            let colour = colours[minutia.y * decoded.width + minutia.x]
            #expect(colour == .red || colour == .blue || colour == .yellow, "\(minutia)")
        }
    }

    @Test func textShowsTheFigures() throws {
        let folder = try TestFolders.threeFingerCopy()
        defer { TestFolders.remove(folder) }
        let report = try evaluation.evaluateRecords(folder: folder)
        let text = report.text
        #expect(text.contains("genuine accepted   \(report.genuineAccepted)/9"))
        #expect(text.contains("false matches      \(report.falseMatches)/18"))
        #expect(!text.contains("extraction"), "records are not extracted")
    }
}
