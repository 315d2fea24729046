import Biometrics
import Foundation
import Testing

@testable import FaceRecognition

/// Gate logic on constructed landmarks and measurements (no models needed).
struct GateDecisionTests {
    /// dlib's 5-point frontal template scaled to a 100-px inter-eye distance.
    static func landmarks(noseShiftX: Int = 0, noseY: Int = 177, rightEyeDrop: Int = 0) throws -> FaceLandmarks {
        try FaceLandmarks(points: [
            FacePoint(x: 263, y: 100 + rightEyeDrop), FacePoint(x: 223, y: 103 + rightEyeDrop),
            FacePoint(x: 123, y: 100), FacePoint(x: 163, y: 103),
            FacePoint(x: 193 + noseShiftX, y: noseY),
        ])
    }

    static func measurements(
        width: Int = 150, sharpness: Double = 150, brightness: Double = 130, landmarks: FaceLandmarks
    ) -> FaceQualityMeasurements {
        FaceQualityMeasurements(
            detection: FaceDetection(box: FaceBox(left: 100, top: 60, right: 99 + width, bottom: 59 + width), score: 1),
            landmarks: landmarks, pose: FacePose(landmarks), sharpness: sharpness, brightness: brightness)
    }

    @Test("A frontal template measures roll 0, yaw 0 and the template's nose drop")
    func frontalPose() throws {
        let pose = FacePose(try Self.landmarks())
        #expect(abs(pose.rollDegrees) < 0.01)
        #expect(abs(pose.yawRatio) < 0.01)
        #expect(abs(pose.noseDropRatio - 0.755) < 0.01)
        #expect(abs(pose.interEyeDistance - 100) < 0.01)
    }

    @Test("Shifting the nose sideways is yaw; lowering one eye is roll")
    func turnedAndTilted() throws {
        let turned = FacePose(try Self.landmarks(noseShiftX: 30))
        #expect(abs(turned.yawRatio - 0.3) < 0.01)
        let tilted = FacePose(try Self.landmarks(rightEyeDrop: 36))
        #expect(abs(tilted.rollDegrees - 19.8) < 0.1)
    }

    @Test("Each gate rejects with its measured value and limit, and passes inside its limit")
    func eachGate() throws {
        let limits = FaceQualityThresholds()
        let frontal = try Self.landmarks()
        func issues(_ m: FaceQualityMeasurements) -> [FaceQualityIssue] {
            FaceQualityVerdict.judge(faceCount: 1, measurements: m, thresholds: limits).issues
        }
        #expect(issues(Self.measurements(landmarks: frontal)).isEmpty)
        #expect(issues(Self.measurements(width: 99, landmarks: frontal)) == [.faceTooSmall(width: 99, minimum: 100)])
        #expect(
            issues(Self.measurements(brightness: 30, landmarks: frontal)) == [.tooDark(brightness: 30, minimum: 50)])
        #expect(
            issues(Self.measurements(brightness: 230, landmarks: frontal)) == [
                .tooBright(brightness: 230, maximum: 205)
            ])
        #expect(issues(Self.measurements(sharpness: 12, landmarks: frontal)) == [.blurred(sharpness: 12, minimum: 40)])
        let turned = try Self.landmarks(noseShiftX: 30)
        #expect(issues(Self.measurements(landmarks: turned)) == [.notFrontal(pose: FacePose(turned))])
        let lookingUp = try Self.landmarks(noseY: 140)
        #expect(issues(Self.measurements(landmarks: lookingUp)).first?.retryHint == .lookAtCamera)
    }

    @Test("Several failures are all reported, the size prompt first")
    func severalIssues() throws {
        let verdict = FaceQualityVerdict.judge(
            faceCount: 1,
            measurements: Self.measurements(width: 90, sharpness: 5, brightness: 20, landmarks: try Self.landmarks()),
            thresholds: FaceQualityThresholds())
        #expect(verdict.issues.map(\.retryHint) == [.moveCloser, .tooDark, .blurred])
        #expect(verdict.description.contains("face 90 px wide, expected at least 100"))
    }

    @Test("Zero and several faces are judged before any measurement")
    func faceCount() {
        let limits = FaceQualityThresholds()
        #expect(FaceQualityVerdict.judge(faceCount: 0, measurements: nil, thresholds: limits).issues == [.noFace])
        #expect(
            FaceQualityVerdict.judge(faceCount: 3, measurements: nil, thresholds: limits).retryHint == .multipleFaces)
    }

    @Test("An embedding with a value that is not finite is rejected with its index, so protection never sees it")
    func nonFiniteEmbedding() {
        var values = [Float](repeating: 0.1, count: 128)
        values[17] = .nan
        #expect(throws: FaceAnalysisError("embedding: value 17 is nan, expected a finite number")) {
            try FaceEmbedding(values: values)
        }
        values[17] = 0.1
        values[3] = -.infinity
        #expect(throws: FaceAnalysisError("embedding: value 3 is -inf, expected a finite number")) {
            try FaceEmbedding(values: values)
        }
    }

    @Test("Landmarks and embeddings of the wrong length are rejected with the count")
    func malformedValues() throws {
        #expect(throws: FaceAnalysisError("landmarks: 4 points, expected 5")) {
            try FaceLandmarks(points: Array(repeating: FacePoint(x: 0, y: 0), count: 4))
        }
        #expect(throws: FaceAnalysisError("embedding: 127 values, expected 128")) {
            try FaceEmbedding(values: Array(repeating: 0, count: 127))
        }
        let shortJSON = Data(#"{"values":[0.5,0.25]}"#.utf8)
        #expect(throws: FaceAnalysisError("embedding: 2 values, expected 128")) {
            try JSONDecoder().decode(FaceEmbedding.self, from: shortJSON)
        }
        let landmarksJSON = Data(#"{"points":[{"x":1,"y":2}]}"#.utf8)
        #expect(throws: FaceAnalysisError("landmarks: 1 points, expected 5")) {
            try JSONDecoder().decode(FaceLandmarks.self, from: landmarksJSON)
        }
        let embedding = try FaceEmbedding(values: (0..<128).map { Float($0) / 128 })
        #expect(try JSONDecoder().decode(FaceEmbedding.self, from: JSONEncoder().encode(embedding)) == embedding)
    }
}

struct BestFaceFrameSelectorTests {
    static func assessment(width: Int?, sharpness: Double = 150, faces: Int = 1) throws -> FaceAssessment {
        let landmarks = try GateDecisionTests.landmarks()
        let m = width.map { GateDecisionTests.measurements(width: $0, sharpness: sharpness, landmarks: landmarks) }
        let verdict = FaceQualityVerdict.judge(faceCount: faces, measurements: m, thresholds: FaceQualityThresholds())
        let detections =
            m.map { [$0.detection] }
            ?? Array(
                repeating: FaceDetection(box: FaceBox(left: 0, top: 0, right: 9, bottom: 9), score: 0), count: faces)
        let embedding =
            verdict.isAccepted ? try FaceEmbedding(values: Array(repeating: Float(width ?? 0), count: 128)) : nil
        return FaceAssessment(detections: detections, verdict: verdict, embedding: embedding)
    }

    @Test("Keeps the sharpest, largest accepted frame and ignores rejected ones")
    func keepsBest() throws {
        var selector = BestFaceFrameSelector()
        #expect(selector.offer(try Self.assessment(width: 120)))
        #expect(!selector.offer(try Self.assessment(width: 300, sharpness: 10)))
        #expect(selector.offer(try Self.assessment(width: 200)))
        #expect(!selector.offer(try Self.assessment(width: 110)))
        #expect(selector.bestEmbedding?.values.first == 200)
        #expect(selector.framesSeen == 4)
        #expect(selector.failureHint == nil)
    }

    @Test("No face in any frame gives noFace (103); faces never good enough give the last prompt (104)")
    func failureHints() throws {
        var empty = BestFaceFrameSelector()
        empty.offer(try Self.assessment(width: nil, faces: 0))
        empty.offer(try Self.assessment(width: nil, faces: 0))
        #expect(empty.failureHint == .noFace)

        var poor = BestFaceFrameSelector()
        poor.offer(try Self.assessment(width: nil, faces: 0))
        poor.offer(try Self.assessment(width: 80))
        #expect(poor.failureHint == .moveCloser)
        #expect(poor.framesWithFaces == 1)
    }
}
