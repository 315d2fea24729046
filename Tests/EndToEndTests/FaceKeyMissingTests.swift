import DeviceSetup
import Foundation
import Testing
import WeComCloudSim

/// A terminal whose face key was never installed: the daemon does not make one of its own (its
/// templates could never match the enterprise's other terminals), runs with faces off and answers every
/// face push as the enrollment spec says for missing face recognition, 110 设备故障.
@Suite("a camera without the enterprise's face key: faces off, face pushes answered 110")
struct FaceKeyMissingTests {
    @Test("FaceDevice opens nothing and creates no key; push_enter_page{fa} and push_user_face get 110")
    func facePushesWithoutKey() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("no-face-key-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let config = try DaemonConfig.parse(
            Data(
                #"""
                {"cloud": {"sn": "S", "secret_no": "k"}, "store": {"path": "\#(work)/terminal.sqlite"},
                 "camera": {"device": "\#(work)/video-absent"}}
                """#.utf8))
        let opening = await FaceDevice.open(config)
        #expect(opening.device == nil)
        #expect(opening.problem?.contains("attendctl face key init") == true)
        #expect(!FileManager.default.fileExists(atPath: config.faceKeyPath))

        let world = try await TerminalHarness.start(face: opening.device)
        defer { Task { await world.stop() } }
        let live = try await world.cloud.pushEnrollment(sn: TerminalHarness.sn, userid: "wangwu", pageType: .face)
        let liveResult = try await world.cloud.waitForOperation(live, timeout: .seconds(30))
        #expect(liveResult.resultErrcode == 110, "\(liveResult)")

        let photo = try await world.cloud.pushUserFace(
            sn: TerminalHarness.sn, userid: "wangwu", photos: [(slot: 0, jpeg: Data([0xFF, 0xD8, 0xFF, 0xD9]))])
        let photoResult = try await world.cloud.waitForOperation(photo, timeout: .seconds(30))
        #expect(photoResult.resultErrcode == 110, "\(photoResult)")
        #expect(photoResult.photos.first?.downloads == 0)
    }
}
