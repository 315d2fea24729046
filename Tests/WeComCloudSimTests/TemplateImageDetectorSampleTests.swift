import Foundation
import Testing

@testable import WeComCloudSim

/// The detector against the project's real sample files (skipped when ../shared/data is absent).
@Suite("Image detector on real samples")
struct ImageDetectorSampleTests {
    static let dataRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")
    static let available = FileManager.default.fileExists(atPath: dataRoot.path)

    private func sample(_ path: String) throws -> Data {
        try Data(contentsOf: Self.dataRoot.appendingPathComponent(path))
    }

    @Test(.enabled(if: available, "../shared/data is absent"))
    func isoTemplatesPass() throws {
        for name in ["fingerprints/fvc2002_db1_b/101_1.iso", "fingerprints/sourceafis-test/iso-probe.dat"] {
            #expect(TemplateImageDetector.imageReason(try sample(name), kind: .fingerprint) == nil, "\(name)")
        }
    }

    @Test(
        .enabled(if: available, "../shared/data is absent"),
        arguments: [
            ("fingerprints/fvc2002_db1_b/101_1.tif", "TIFF"),
            ("fingerprints/sourceafis-test/probe.png", "PNG"),
            ("fingerprints/sourceafis-test/probe.jpeg", "JPEG"),
            ("fingerprints/sourceafis-test/probe.bmp", "BMP"),
            ("faces/orl/s1/1.pgm", "PNM (P5)"),
        ])
    func imageFilesAreNamed(path: String, format: String) throws {
        let reason = TemplateImageDetector.imageReason(try sample(path), kind: .face)
        #expect(reason == "\(format) image data, not a template")
    }

    @Test(.enabled(if: available, "../shared/data is absent"))
    func headerlessGreyFramesAreCaught() throws {
        let raw = try sample("fingerprints/sourceafis-test/gray-probe.dat")
        #expect(TemplateImageDetector.imageReason(raw, kind: .fingerprint)?.contains("size heuristic") == true)
        // Pixels of a face photo without its header, cut small enough to pass the size limit.
        let pgm = try sample("faces/orl/s1/1.pgm")
        let pixels = pgm.suffix(4000)
        #expect(
            TemplateImageDetector.imageReason(Data(pixels), kind: .fingerprint)?.contains("grey-run heuristic") == true)
    }
}
