import FaceBenchmark
import FaceRecognition
import Foundation
import Testing

// Serialized: each run sets OpenBLAS's process-wide thread count and restores it afterwards.
@Suite("Benchmark run", .serialized, .enabled(if: BenchTestSupport.canRun, BenchTestSupport.skipMessage))
struct BenchmarkRunTests {
    /// Two shared photos, ORL s1-s2, 2 keys, 1 pass: small enough for a test.
    private func settings(anchor: FaceAnchorLocation?) throws -> FaceBenchmarkSettings {
        let photos = try BenchTestSupport.temporaryFolder()
        let examples = BenchTestSupport.sharedFolder + "/data/faces/face_recognition_examples"
        try FileManager.default.copyItem(atPath: examples + "/obama-240p.jpg", toPath: photos + "/obama-240p.jpg")
        try FileManager.default.copyItem(atPath: examples + "/two_people.jpg", toPath: photos + "/two_people.jpg")
        return FaceBenchmarkSettings(
            photoFolder: photos, orlFolder: BenchTestSupport.orlFolder, anchor: anchor, orlSubjects: 2, keyCount: 2,
            repetitions: 1, frameFolder: try BenchTestSupport.temporaryFolder(), timeGreyDetection: false)
    }

    @Test("without the anchor: the status says why, timings and ORL are still filled, VGA PNGs written")
    func missingAnchor() throws {
        let settings = try settings(
            anchor: FaceAnchorLocation(python: "/nonexistent/python", script: "/nonexistent/a.py"))
        let result = try FaceBenchmark.run(settings, analyzer: try BenchTestSupport.analyzer())
        #expect(result.anchorStatus.hasPrefix("not run:") && result.anchorStatus.contains("/nonexistent/python"))
        #expect(result.frames.files.count == 2)
        let before = BLASThreads.current()
        #expect(result.frames.blasThreads == (before == nil ? nil : 1), "timed with one OpenBLAS thread where present")
        #expect(result.frames.perFile.map(\.oursFaces) == [1, 2])
        #expect(result.frames.anchorMsMedian == nil && result.frames.ratio == nil && result.frames.meetsTarget == nil)
        #expect(result.parity.compared == 0 && result.parity.meetsTarget == nil)
        #expect(result.orl.images == 20 && result.orl.protectedPerKey.count == 2 && result.orl.costPoints.count == 2)
        #expect(result.frames.files == ["obama-240p.png", "two_people.png"])
        let folder = try #require(result.frames.frameFolder)
        let png = try ImageFilesProbe.size(of: folder + "/" + result.frames.files[0])
        #expect(png == (640, 480))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        #expect(json?["anchor_status"] as? String == result.anchorStatus)
    }

    @Test("with a fake anchor answering for other files, the mismatch is named and the rest still runs")
    func foreignAnchorRows() throws {
        let folder = try BenchTestSupport.temporaryFolder()
        try AnchorOutputFixture.captured.write(toFile: folder + "/out.json", atomically: true, encoding: .utf8)
        try "cat \(folder)/out.json\n".write(toFile: folder + "/anchor.sh", atomically: true, encoding: .utf8)
        let settings = try settings(anchor: FaceAnchorLocation(python: "/bin/sh", script: folder + "/anchor.sh"))
        let result = try FaceBenchmark.run(settings, analyzer: try BenchTestSupport.analyzer())
        #expect(
            result.anchorStatus.contains("frames/obama-240p.png")
                && result.anchorStatus.contains("expected one of the files"))
        #expect(result.orl.images == 20)
    }
}
