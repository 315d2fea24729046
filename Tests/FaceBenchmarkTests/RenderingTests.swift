import FaceBenchmark
import FaceRecognition
import ImageFiles
import Imaging
import Testing

@Suite("Rendering")
struct RenderingTests {
    @Test("a rejected verdict draws the box and border red and the landmarks yellow, leaving the inside alone")
    func drawsRejectedBox() throws {
        let frame = try RGBFrame(width: 200, height: 150, red: 40, green: 40, blue: 40)
        let box = FaceBox(left: 50, top: 30, right: 129, bottom: 109)
        let landmarks = try FaceLandmarks(points: [
            FacePoint(x: 110, y: 60), FacePoint(x: 100, y: 60), FacePoint(x: 70, y: 60), FacePoint(x: 80, y: 60),
            FacePoint(x: 90, y: 85),
        ])
        let verdict = FaceQualityVerdict.judge(faceCount: 2, measurements: nil, thresholds: FaceQualityThresholds())
        let canvas = FaceRendering.draw(
            .rgb(frame), detections: [FaceDetection(box: box, score: 1), FaceDetection(box: box, score: 0.5)],
            landmarks: [landmarks], verdict: verdict)
        #expect(canvas[50, 70] == FaceRendering.rejectedColor)
        #expect(canvas[129, 70] == FaceRendering.rejectedColor)
        #expect(canvas[90, 30] == FaceRendering.rejectedColor)
        #expect(canvas[0, 0] == FaceRendering.rejectedColor)
        #expect(canvas[90, 85] == FaceRendering.landmarkColor)
        #expect(canvas[60, 100] == RGBColor(gray: 40))
    }

    @Test("a grey frame is drawn on in colour")
    func greyInput() throws {
        let frame = try GrayFrame(width: 64, height: 64, filledWith: 90)
        let verdict = FaceQualityVerdict.judge(faceCount: 0, measurements: nil, thresholds: FaceQualityThresholds())
        let canvas = FaceRendering.draw(.gray(frame), detections: [], landmarks: [], verdict: verdict)
        #expect(canvas[0, 10] == FaceRendering.rejectedColor)
        #expect(canvas[32, 32] == RGBColor(gray: 90))
    }

    @Test(
        "a real photo: one accepted face, a green box at the detection, PNG decodes",
        .enabled(if: BenchTestSupport.canRun, BenchTestSupport.skipMessage))
    func realPhoto() throws {
        let input = try FaceInputLoader.load(
            path: BenchTestSupport.sharedFolder + "/data/faces/face_recognition_examples/obama-480p.jpg")
        let result = try FaceRendering.render(input, analyzer: try BenchTestSupport.analyzer())
        #expect(result.verdict.isAccepted, "\(result.text)")
        let box = try #require(result.detections.first?.box)
        #expect(result.landmarks.count == 1)
        let canvas = try RGBCanvas(try ImageFile.decode(result.png))
        #expect(canvas[box.left, (box.top + box.bottom) / 2] == FaceRendering.acceptedColor)
        #expect(result.text.hasPrefix("accepted (1 face)"))
    }

    @Test(
        "a photo of two people is rejected and both boxes are red",
        .enabled(if: BenchTestSupport.canRun, BenchTestSupport.skipMessage))
    func twoPeople() throws {
        let input = try FaceInputLoader.load(
            path: BenchTestSupport.sharedFolder + "/data/faces/face_recognition_examples/two_people.jpg")
        let result = try FaceRendering.render(input, analyzer: try BenchTestSupport.analyzer())
        #expect(!result.verdict.isAccepted)
        #expect(result.detections.count == 2 && result.landmarks.count == 2)
        let canvas = try RGBCanvas(try ImageFile.decode(result.png))
        for detection in result.detections {
            #expect(
                canvas[detection.box.left, (detection.box.top + detection.box.bottom) / 2]
                    == FaceRendering.rejectedColor)
        }
        #expect(result.text.contains("2 faces, expected exactly 1"))
    }
}
