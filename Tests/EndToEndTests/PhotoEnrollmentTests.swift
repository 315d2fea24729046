import Biometrics
import DeviceSetup
import FaceEnrollment
import FaceRecognition
import Foundation
import TerminalDaemon
import Testing
import WeComCloudSim

/// A face device for photo enrollment only: its camera is absent.
struct NoCamera: FaceCamera {
    let algorithm: AlgorithmID

    func captureFace() async throws(FaceCameraError) -> FaceCapture {
        throw .deviceFault("no camera in this test")
    }
}

let sharedData = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/data")

/// dlib's models are installed (`make face-models`) and the shared photos are there.
var facePhotoTestsCanRun: Bool {
    (try? FaceModelLocation.resolve(explicit: nil).checkFilesExist()) != nil
        && FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("faces").path)
}

@Suite(
    "Legacy photo enrollment: push_user_face → download_photo → protected template → upload_userinfo",
    .serialized, .enabled(if: facePhotoTestsCanRun, "needs the face models (make face-models) and ../shared/data/faces")
)
struct PhotoEnrollmentTests {
    static func photo(_ name: String) throws -> Data {
        try Data(contentsOf: sharedData.appendingPathComponent(name))
    }

    static func world() async throws -> TerminalHarness {
        let keyPath = FileManager.default.temporaryDirectory.appendingPathComponent("face-key-\(UUID().uuidString)")
            .path
        try FaceKeySetup.initialize(at: keyPath)
        let pipeline = try FacePipeline.load(modelsDirectory: nil, keyPath: keyPath)
        let face = FaceDevice(
            camera: NoCamera(algorithm: pipeline.algorithm), matcher: pipeline.matcher, pipeline: pipeline,
            description: "photo enrollment only")
        return try await TerminalHarness.start(face: face)
    }

    @Test("a good photo fills the slot it names; the upload holds the protected template, never the photo")
    func goodPhoto() async throws {
        let world = try await Self.world()
        defer { Task { await world.stop() } }
        let jpeg = try Self.photo("faces/face_recognition_examples/obama-480p.jpg")
        let operID = try await world.cloud.pushUserFace(
            sn: TerminalHarness.sn, userid: "wangwu", photos: [(slot: 2, jpeg: jpeg)])
        let operation = try await world.cloud.waitForOperation(operID, timeout: .seconds(30))
        #expect(operation.status == .accepted, "\(operation.reason ?? "")")
        #expect(operation.resultErrcode == 0)
        #expect(operation.photos.first?.downloads == 1)
        let upload = try #require(await world.cloud.uploads().last)
        #expect(upload.operID == operID)
        #expect(upload.users.first?.faAlgorithm?.hasPrefix("face-dlib128-rq48-k") == true)
        #expect(upload.users.first?.slots.map(\.slot) == [2])
        let stored = try #require(try world.store.template(userid: UserID("wangwu"), slot: SlotID(.face, 2)!))
        #expect(stored.template.data.count == 7 + 128)  // header + 128 levels
        #expect(stored.template.data.count < jpeg.count / 100)
    }

    @Test("no face in the photo → 103; two faces → 104; the same face for another member → 105")
    func failures() async throws {
        let world = try await Self.world()
        defer { Task { await world.stop() } }
        func result(_ userid: String, _ name: String, slot: Int = 0) async throws -> CloudOperation {
            let operID = try await world.cloud.pushUserFace(
                sn: TerminalHarness.sn, userid: userid, photos: [(slot: slot, jpeg: try Self.photo(name))])
            return try await world.cloud.waitForOperation(operID, timeout: .seconds(30))
        }
        let fingerprint = try await result("wangwu", "fingerprints/libfprint-nist-examples/arch.jpg")
        #expect(fingerprint.resultErrcode == 103, "\(fingerprint)")
        let twoPeople = try await result("wangwu", "faces/face_recognition_examples/two_people.jpg")
        #expect(twoPeople.resultErrcode == 104, "\(twoPeople)")
        let first = try await result("wangwu", "faces/face_recognition_examples/obama-480p.jpg")
        #expect(first.resultErrcode == 0)
        let again = try await result("zhaoliu", "faces/face_recognition_examples/obama-720p.jpg", slot: 1)
        #expect(again.resultErrcode == 105, "\(again)")
        #expect(try world.store.template(userid: UserID("zhaoliu"), slot: SlotID(.face, 1)!) == nil)
    }

    @Test("a camera or fingerprint push while a photo enrollment runs is answered 101 at once; the photos go on")
    func cameraPushDuringPhotoEnrollmentIsBusy() async throws {
        let world = try await Self.world()
        defer { Task { await world.stop() } }
        // Each answer of the cloud waits 200 ms, so the photos are surely still being fetched and analysed
        // when the next pushes (sent right after, handled in order) arrive.
        try await world.cloud.setFaults(CloudFaults(delayResponsesMs: 200))
        let jpeg = try Self.photo("faces/face_recognition_examples/obama-480p.jpg")
        let photos = try await world.cloud.pushUserFace(
            sn: TerminalHarness.sn, userid: "wangwu", photos: [(slot: 3, jpeg: jpeg), (slot: 4, jpeg: jpeg)])
        let camera = try await world.cloud.pushEnrollment(sn: TerminalHarness.sn, userid: "zhaoliu", pageType: .face)
        let fingerprint = try await world.cloud.pushEnrollment(
            sn: TerminalHarness.sn, userid: "zhaoliu", pageType: .fingerprint)
        for operID in [camera, fingerprint] {
            let busy = try await world.cloud.waitForOperation(operID, timeout: .seconds(30))
            #expect(busy.resultErrcode == 101, "\(busy)")
            #expect(busy.resultErrmsg == "设备正忙")
        }
        let photo = try await world.cloud.waitForOperation(photos, timeout: .seconds(30))
        #expect(photo.resultErrcode == 0, "\(photo)")
        try await world.waitUntil("the second photo fills its slot as a plain upload") {
            try world.store.template(userid: UserID("wangwu"), slot: SlotID(.face, 4)!) != nil
        }
        #expect(try world.store.template(userid: UserID("wangwu"), slot: SlotID(.face, 3)!) != nil)
        #expect(try world.store.templates(userid: UserID("zhaoliu")).isEmpty)
    }
}
