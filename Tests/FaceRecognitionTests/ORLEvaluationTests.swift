import FaceBenchmark
import Testing

@testable import FaceRecognition

@Suite("Evaluation on ORL", .enabled(if: FaceTestSupport.canRun, FaceTestSupport.skipMessage))
struct ORLEvaluationTests {
    @Test("ORL s1-s10: every face found, raw and protected EER under 2 %, rank-1 at least 98 %")
    func orlSubset() throws {
        let analyzer = try FaceTestSupport.analyzer()
        var subjects: [String: [FaceEmbedding]] = [:]
        for subject in 1...10 {
            for image in 1...10 {
                let input = try FaceTestSupport.image("orl/s\(subject)/\(image).pgm")
                let detection = try #require(
                    try analyzer.detectFaces(in: input).first, "no face in s\(subject)/\(image)")
                subjects["s\(subject)", default: []].append(try analyzer.embedding(in: input, box: detection.box))
            }
        }
        let protector = FaceTemplateProtector(key: FaceProtectionKey.generate())
        let report = try #require(FaceEvaluation.evaluate(subjects, protector: protector))
        #expect(report.embeddings == 100)
        #expect(report.raw.eer < 0.02, "\(report.raw)")
        #expect(report.protected.eer < 0.02, "\(report.protected)")
        #expect(report.raw.rank1 >= 0.98)
        #expect(report.protected.rank1 >= 0.98)
    }
}
