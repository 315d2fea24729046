import FaceBenchmark
import Foundation
import Testing

@Suite("Anchor subprocess")
struct AnchorRunnerTests {
    @Test("a missing interpreter is reported before anything runs")
    func missingPython() {
        let location = FaceAnchorLocation(python: "/nonexistent/bin/python", script: "/nonexistent/face_anchor.py")
        #expect(FaceAnchorRunner.unavailableReason(location)?.contains("/nonexistent/bin/python") == true)
        #expect {
            _ = try FaceAnchorRunner.run(location, images: ["a.png"])
        } throws: { error in
            (error as? FaceBenchmarkError)?.stage == "anchor"
        }
    }

    @Test("a script printing the captured output is parsed; arguments and one BLAS thread reach it")
    func fakeAnchor() throws {
        let folder = try BenchTestSupport.temporaryFolder()
        let fixture = folder + "/out.json"
        try AnchorOutputFixture.captured.write(toFile: fixture, atomically: true, encoding: .utf8)
        let script = folder + "/anchor.sh"
        let log = folder + "/args.txt"
        try "echo \"$@ $OPENBLAS_NUM_THREADS\" > \(log); cat \(fixture)\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        let output = try FaceAnchorRunner.run(
            FaceAnchorLocation(python: "/bin/sh", script: script), images: ["p.png", "q.png"])
        #expect(output.images.count == 2)
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "--upsample 0 p.png q.png 1\n")
    }

    @Test("a failing script is reported with its exit status and stderr")
    func failingAnchor() throws {
        let folder = try BenchTestSupport.temporaryFolder()
        let script = folder + "/anchor.sh"
        try "echo 'No module named face_recognition' >&2; exit 3\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        #expect {
            _ = try FaceAnchorRunner.run(FaceAnchorLocation(python: "/bin/sh", script: script), images: ["p.png"])
        } throws: { error in
            let detail = (error as? FaceBenchmarkError)?.detail ?? ""
            return detail.contains("status 3") && detail.contains("No module named face_recognition")
        }
    }
}
