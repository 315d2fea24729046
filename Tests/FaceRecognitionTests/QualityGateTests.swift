import Biometrics
import Imaging
import Testing

@testable import FaceRecognition

@Suite("Quality gates on real and crafted frames", .enabled(if: FaceTestSupport.canRun, FaceTestSupport.skipMessage))
struct QualityGateTests {
    @Test("A clear frontal VGA-size face passes every gate and yields an embedding")
    func clearFacePasses() throws {
        let assessment = try FaceTestSupport.analyzer().assess(
            FaceTestSupport.image("face_recognition_examples/obama-480p.jpg"))
        #expect(assessment.verdict.isAccepted, "\(assessment.verdict)")
        #expect(assessment.embedding != nil)
        #expect(assessment.verdict.retryHint == nil)
    }

    @Test("The same face as a grey (IR-like) frame passes too")
    func greyFacePasses() throws {
        guard case .rgb(let colour) = try FaceTestSupport.image("face_recognition_examples/obama-480p.jpg") else {
            Issue.record("expected a colour image")
            return
        }
        var luma = [UInt8](repeating: 0, count: colour.width * colour.height)
        for y in 0..<colour.height {
            for x in 0..<colour.width {
                let p = colour[x, y]
                let sum = 77 * Int(p.red) + 150 * Int(p.green) + 29 * Int(p.blue)
                luma[y * colour.width + x] = UInt8(sum >> 8)
            }
        }
        let grey = try GrayFrame(width: colour.width, height: colour.height, pixels: luma)
        let assessment = try FaceTestSupport.analyzer().assess(.gray(grey))
        #expect(assessment.verdict.isAccepted, "\(assessment.verdict)")
    }

    @Test("A frame without a face: no face, prompt noFace, no embedding")
    func noFace() throws {
        var frame = try GrayFrame(width: 640, height: 480, filledWith: 0)
        for y in 0..<480 { for x in 0..<640 { frame[x, y] = UInt8((x * 7 + y * 3) % 256) } }
        let assessment = try FaceTestSupport.analyzer().assess(.gray(frame))
        #expect(assessment.detections.isEmpty)
        #expect(assessment.verdict.issues == [.noFace])
        #expect(assessment.verdict.retryHint == .noFace)
        #expect(assessment.embedding == nil)
    }

    @Test("Two people in one frame: multipleFaces(2)")
    func twoFaces() throws {
        let assessment = try FaceTestSupport.analyzer().assess(
            FaceTestSupport.image("face_recognition_examples/two_people.jpg"))
        #expect(assessment.verdict.issues == [.multipleFaces(count: 2)])
        #expect(assessment.verdict.retryHint == .multipleFaces)
        #expect(assessment.embedding == nil)
    }

    @Test("A face under 100 px wide: faceTooSmall, prompt moveCloser")
    func tinyFace() throws {
        let assessment = try FaceTestSupport.analyzer().assess(
            FaceTestSupport.image("face_recognition_examples/obama-240p.jpg"))
        let width = try #require(assessment.verdict.measurements?.detection.box.width)
        #expect(width < 100)
        #expect(assessment.verdict.issues.first == .faceTooSmall(width: width, minimum: 100))
        #expect(assessment.verdict.retryHint == .moveCloser)
        #expect(assessment.embedding == nil)
    }

    @Test("The clear frame darkened to a fifth: still detected, rejected as tooDark")
    func darkFace() throws {
        guard case .rgb(let colour) = try FaceTestSupport.image("face_recognition_examples/obama-480p.jpg") else {
            Issue.record("expected a colour image")
            return
        }
        let assessment = try FaceTestSupport.analyzer().assess(.rgb(FaceTestSupport.scaled(colour, by: 0.2)))
        #expect(assessment.detections.count == 1)
        #expect(assessment.verdict.issues.count == 1, "dimming alone must not read as blur: \(assessment.verdict)")
        #expect(assessment.verdict.retryHint == .tooDark, "\(assessment.verdict)")
        #expect(assessment.embedding == nil)
    }

    @Test("The clear frame blurred: still detected, rejected as blurred")
    func blurredFace() throws {
        guard case .rgb(let colour) = try FaceTestSupport.image("face_recognition_examples/obama-480p.jpg") else {
            Issue.record("expected a colour image")
            return
        }
        let assessment = try FaceTestSupport.analyzer().assess(.rgb(FaceTestSupport.blurred(colour, radius: 1)))
        #expect(assessment.detections.count == 1)
        #expect(assessment.verdict.issues.count == 1)
        #expect(assessment.verdict.retryHint == .blurred, "\(assessment.verdict)")
        #expect(assessment.embedding == nil)
    }
}
