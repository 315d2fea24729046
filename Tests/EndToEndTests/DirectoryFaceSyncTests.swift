import Biometrics
import DeviceSetup
import FaceEnrollment
import FaceRecognition
import Foundation
import TerminalStore
import Testing
import WeComCloudSim

/// Issue 15: a face enrolled on terminal A reaches terminal B, which holds the enterprise's same face key,
/// and B recognises that face in its own duplicate check.
@Suite(
    "End to end: a face enrolled on one terminal is matched on another with the shared key", .serialized,
    .timeLimit(.minutes(5)),
    .enabled(if: facePhotoTestsCanRun, "needs the face models (make face-models) and ../shared/data/faces"))
struct DirectoryFaceSyncTests {
    private static func photoDevice(keyPath: String) throws -> FaceDevice {
        let pipeline = try FacePipeline.load(modelsDirectory: nil, keyPath: keyPath)
        return FaceDevice(
            camera: NoCamera(algorithm: pipeline.algorithm), matcher: pipeline.matcher, pipeline: pipeline,
            description: "photo enrollment only")
    }

    @Test("A enrolls a face from a photo; B pulls the protected template and answers 105 for the same face")
    func faceEnrolledOnAMatchesOnB() async throws {
        let keyPath = FileManager.default.temporaryDirectory.appendingPathComponent("face-key-\(UUID().uuidString)")
            .path
        try FaceKeySetup.initialize(at: keyPath)
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        // One key file for the enterprise, installed on both terminals.
        let a = try await TerminalHarness.start(face: try Self.photoDevice(keyPath: keyPath))
        let b = try await TerminalHarness.start(
            face: try Self.photoDevice(keyPath: keyPath), joining: a, sn: DirectorySyncTests.snB)
        defer {
            Task {
                await b.stop()
                await a.stop()
            }
        }
        let enrolled = try await a.cloud.pushUserFace(
            sn: TerminalHarness.sn, userid: "wangwu",
            photos: [(slot: 0, jpeg: try PhotoEnrollmentTests.photo("faces/face_recognition_examples/obama-480p.jpg"))])
        #expect(try await a.cloud.waitForOperation(enrolled, timeout: .seconds(60)).resultErrcode == 0)
        let onA = try #require(try a.store.template(userid: UserID("wangwu"), slot: SlotID(.face, 0)!))
        try await b.waitUntil("B holds A's face template") {
            try b.store.template(userid: UserID("wangwu"), slot: SlotID(.face, 0)!)?.template == onA.template
        }

        let again = try await b.cloud.pushUserFace(
            sn: DirectorySyncTests.snB, userid: "zhaoliu",
            photos: [(slot: 1, jpeg: try PhotoEnrollmentTests.photo("faces/face_recognition_examples/obama-720p.jpg"))])
        let answered = try await b.cloud.waitForOperation(again, timeout: .seconds(60))
        #expect(answered.resultErrcode == 105, "\(answered)")
        #expect(try b.store.template(userid: UserID("zhaoliu"), slot: SlotID(.face, 1)!) == nil)
    }
}
