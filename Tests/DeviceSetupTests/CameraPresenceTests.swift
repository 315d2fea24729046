import Biometrics
import Foundation
import Synchronization
import Testing

@testable import DeviceSetup

@Suite("the face camera's presence")
struct CameraPresenceTests {
    @Test("a camera absent at start is reported absent, with what went wrong")
    func absentAtStart() async throws {
        let folder = NSTemporaryDirectory() + "camera-presence-\(UUID().uuidString.prefix(8))"
        let config = try DaemonConfig.parse(
            Data(#"{"cloud": {"sn": "S", "secret_no": "k"}, "camera": {"device": "\#(folder)/video-absent"}}"#.utf8))
        let opening = await FaceDevice.open(
            config, analysis: .camera(matcher: PairwiseOnly()) { _ in ScriptedCamera() })
        let presence = try #require(opening.device?.presence)
        #expect(!presence.current.present)
        #expect(presence.current.lastError != nil)
    }

    @Test("a frame means present, a device fault absent, and the camera coming back present again")
    func capturesKeepItCurrent() async throws {
        let presence = DevicePresenceTracker()
        let scripted = ScriptedCamera()
        let camera = PresenceTrackingFaceCamera(camera: scripted, presence: presence, detail: "UVC camera /dev/video0")
        scripted.next(.failure(.deviceFault("ENODEV")))
        await #expect(throws: FaceCameraError.deviceFault("ENODEV")) { _ = try await camera.captureFace() }
        #expect(
            presence.current
                == DevicePresence(
                    present: false, since: presence.current.since, lastError: "ENODEV",
                    lastErrorAt: presence.current.lastErrorAt))
        scripted.next(.success(.retry(.noFace)))
        #expect(try await camera.captureFace() == .retry(.noFace))
        #expect(presence.current.present)
        #expect(presence.current.detail == "UVC camera /dev/video0")
        #expect(presence.current.lastError == "ENODEV")
    }
}

/// Answers each capture as told.
private final class ScriptedCamera: FaceCamera {
    private let answer = Mutex<Result<FaceCapture, FaceCameraError>>(.success(.retry(.noFace)))
    var algorithm: AlgorithmID { AlgorithmID("test-face") }
    func next(_ result: Result<FaceCapture, FaceCameraError>) { answer.withLock { $0 = result } }
    func captureFace() async throws(FaceCameraError) -> FaceCapture { try answer.withLock { $0 }.get() }
}

/// A matcher these tests never call.
private struct PairwiseOnly: Matcher {
    var algorithm: AlgorithmID { AlgorithmID("test-face") }
    var threshold: Int { 1 }
    func score(_ probe: Template, _ reference: Template) async throws -> Int { 0 }
}
