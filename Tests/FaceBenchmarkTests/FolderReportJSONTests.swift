import Foundation
import Testing

@testable import FaceBenchmark
@testable import FaceRecognition

@Suite("Folder report JSON")
struct FolderReportJSONTests {
    private func report() -> FaceFolderReport {
        let raw = VerificationFigures(genuine: [0.2, 0.3], impostor: [0.5, 0.9, 1.0], rank1: 1, threshold: 0.6)
        let protected = VerificationFigures(
            genuine: [0.1, 0.4], impostor: [0.3, 0.6, 0.7], rank1: 0.5, threshold: 0.25)
        return FaceFolderReport(
            folder: "faces", raw: raw, protected: protected, frameMsMedian: 31.5, images: 6,
            noFace: 1, subjects: 2, embeddings: 5, keyVersion: 1, keySource: "random")
    }

    @Test("top level and figure keys are spelled as `attendctl face evaluate --json` promises")
    func keys() throws {
        let data = try JSONEncoder().encode(report())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["raw", "protected", "frame_ms_median", "images", "no_face"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        for side in ["raw", "protected"] {
            let figures = try #require(object[side] as? [String: Any])
            for key in ["eer", "tar_at_far_1e-3", "rank1"] { #expect(figures[key] != nil, "missing \(side).\(key)") }
        }
        #expect(object["frame_ms_median"] as? Double == 31.5)
        #expect(object["no_face"] as? Int == 1)
        let raw = try #require(object["raw"] as? [String: Any])
        #expect(raw["eer"] as? Double == 0)
        let protected = try #require(object["protected"] as? [String: Any])
        #expect(protected["rank1"] as? Double == 0.5)
    }

    @Test("the report decodes back to itself")
    func roundTrip() throws {
        let original = report()
        let decoded = try JSONDecoder().decode(FaceFolderReport.self, from: JSONEncoder().encode(original))
        #expect(decoded == original)
    }

    @Test("the text names the counts and both EERs")
    func text() {
        let text = report().text
        #expect(text.contains("images: 6, no face: 1"))
        #expect(text.contains("raw:       EER 0.00 %"))
        #expect(text.contains("key v1, random"))
    }

    @Test(
        "percentages and fixed decimals round as printed",
        arguments: [
            (0.004512, "0.45 %"), (1.0, "100.00 %"), (0.0, "0.00 %"), (0.12345, "12.35 %"),
        ])
    func percent(rate: Double, expected: String) {
        #expect(NumberText.format(rate) == expected)
    }

    @Test("negative values keep their sign")
    func negative() {
        #expect(NumberText.fixed(-0.149, decimals: 3) == "-0.149")
        #expect(NumberText.fixed(-0.0001, decimals: 2) == "0.00")
    }
}
