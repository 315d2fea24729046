import FaceBenchmark
import FaceRecognition
import Foundation
import ImageFiles
import Imaging
import Testing

@Suite("Folder evaluation")
struct FolderEvaluationTests {
    /// s1 and s2 of ORL, two images each, as PGM, PNG and JPEG.
    private func tinyFolder() throws -> String {
        let folder = try BenchTestSupport.temporaryFolder()
        let orl = BenchTestSupport.orlFolder
        try BenchTestSupport.copy(orl + "/s1/1.pgm", to: folder, subject: "s1", name: "1.pgm")
        let s1 = try ImageFile.loadRGB(path: orl + "/s1/2.pgm")
        try PNGEncoder.write(s1, toPath: folder + "/s1/2.png")
        try BenchTestSupport.copy(orl + "/s2/1.pgm", to: folder, subject: "s2", name: "1.pgm")
        let s2 = try ImageFile.loadRGB(path: orl + "/s2/2.pgm")
        let jpeg = try JPEGEncoder().encode(s2, quality: 95)
        try Data(jpeg).write(to: URL(fileURLWithPath: folder + "/s2/2.jpg"))
        return folder
    }

    @Test(
        "2 subjects × 2 images (PGM, PNG, JPEG): every face found, 2 genuine and 4 impostor pairs",
        .enabled(if: BenchTestSupport.canRun, BenchTestSupport.skipMessage))
    func tiny() throws {
        let folder = try tinyFolder()
        let report = try FaceFolderEvaluation.evaluate(folder: folder, analyzer: try BenchTestSupport.analyzer())
        #expect(report.images == 4)
        #expect(report.noFace == 0)
        #expect(report.embeddings == 4 && report.subjects == 2)
        #expect(report.raw.genuinePairs == 2 && report.raw.impostorPairs == 4)
        #expect(report.protected.genuinePairs == 2 && report.protected.impostorPairs == 4)
        #expect(report.raw.rank1 == 1, "ORL s1/s2 are easy: \(report.raw)")
        #expect(report.frameMsMedian > 0)
        #expect(report.keySource == "random")
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect((object["raw"] as? [String: Any])?["tar_at_far_1e-3"] != nil)
        #expect(object["no_face"] as? Int == 0)
    }

    @Test(
        "a blank image counts as no face; a given key is used and reported",
        .enabled(if: BenchTestSupport.canRun, BenchTestSupport.skipMessage))
    func noFaceAndGivenKey() throws {
        let folder = try tinyFolder()
        try PNGEncoder.write(
            try RGBFrame(width: 92, height: 112, red: 128, green: 128, blue: 128), toPath: folder + "/s2/3.png")
        let key = try FaceProtectionKey(version: 7, bytes: [UInt8](repeating: 9, count: 32))
        let analyzer = try BenchTestSupport.analyzer()
        let report = try FaceFolderEvaluation.evaluate(folder: folder, analyzer: analyzer, key: key)
        #expect(report.images == 5 && report.noFace == 1 && report.embeddings == 4)
        #expect(report.keyVersion == 7 && report.keySource == "given")
        let again = try FaceFolderEvaluation.evaluate(folder: folder, analyzer: analyzer, key: key)
        #expect(again.protected == report.protected, "same key, same images: same protected figures")
    }

    @Test(
        "one subject only is an error naming what was found",
        .enabled(if: BenchTestSupport.canRun, BenchTestSupport.skipMessage))
    func oneSubject() throws {
        let folder = try BenchTestSupport.temporaryFolder()
        try BenchTestSupport.copy(BenchTestSupport.orlFolder + "/s1/1.pgm", to: folder, subject: "s1", name: "1.pgm")
        try BenchTestSupport.copy(BenchTestSupport.orlFolder + "/s1/2.pgm", to: folder, subject: "s1", name: "2.pgm")
        #expect {
            _ = try FaceFolderEvaluation.evaluate(folder: folder, analyzer: try BenchTestSupport.analyzer())
        } throws: { error in
            let e = error as? FaceBenchmarkError
            return e?.stage == "evaluate" && e?.detail.contains("at least 2 subjects") == true
                && e?.detail.contains("s1: 2") == true
        }
    }

    @Test(
        "a missing folder and an undecodable image are errors naming the path",
        .enabled(if: BenchTestSupport.canRun, BenchTestSupport.skipMessage))
    func badInput() throws {
        let analyzer = try BenchTestSupport.analyzer()
        #expect {
            _ = try FaceFolderEvaluation.evaluate(folder: "/nonexistent/faces", analyzer: analyzer)
        } throws: { error in
            (error as? FaceBenchmarkError)?.stage == "scan"
        }
        let folder = try BenchTestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/s1", withIntermediateDirectories: true)
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: folder + "/s1/1.png"))
        #expect {
            _ = try FaceFolderEvaluation.evaluate(folder: folder, analyzer: analyzer)
        } throws: { error in
            let e = error as? FaceBenchmarkError
            return e?.stage == "load" && e?.subject == folder + "/s1/1.png"
        }
    }
}
