import Biometrics
import CameraSim
import DeviceSetup
import FaceEnrollment
import FaceRecognition
import Foundation
import Logging
import SimulatedWorld
import TerminalStore
import TerminalTesting
import Testing
import WeComCloudSim

/// dlib's models are installed and the shared photos are there.
private var faceRecognitionCanRun: Bool {
    (try? FaceModelLocation.resolve(explicit: nil).checkFilesExist()) != nil
        && FileManager.default.fileExists(atPath: sharedFacePhoto)
}

private let sharedFacePhoto = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("shared/data/faces/face_recognition_examples/obama-480p.jpg").path

extension CameraSimTier2Tests {
    /// The daemon's own face path: the simulated camera on the real ioctl/mmap path, dlib's gates and
    /// embedding, the protected template, the upload.
    @Suite(
        "face enrollment with dlib through the camera on the real V4L2 path",
        .enabled(if: faceRecognitionCanRun, "needs the face models (make face-models) and ../shared/data/faces"))
    struct TerminalFaceRecognitionTests {
        static func enroll(scene: any CameraFrameSource, deadline: Int) async throws -> (
            CloudOperation, [CloudTemplate], [CloudUploadRecord]
        ) {
            var outcome: (CloudOperation, [CloudTemplate], [CloudUploadRecord])?
            try await UVCSimBench.run(
                clock: ContinuousClock(),
                configuration: CameraConfiguration(formats: [.yuyv, .mjpeg], jpegEncoder: TurboJPEGFrameEncoder()),
                source: scene
            ) { bench in
                var quiet = Logger(label: "face-e2e")
                quiet.logLevel = .critical
                let world = try await SimulatedWorld.start(
                    sn: "FACE-E2E", secretNo: "face-e2e-secret", members: [("zhouba", "周八")], logger: quiet)
                let cloud = world.cloud
                let work = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "face-e2e-\(UUID().uuidString)"
                ).path
                try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: work) }
                let config = try world.config(
                    """
                    "store": {"path": "\(work)/terminal.sqlite"}, "capture": {"deadline_s": \(deadline)},
                    "camera": {"device": "\(bench.camera.devicePath)"}
                    """)
                try SimulatedWorld.initFaceKey(for: config)
                let opened = await FaceDevice.open(config, logger: quiet)
                #expect(opened.problem == nil)
                let device = try #require(opened.device)
                #expect(device.pipeline != nil)
                let running = try await world.startTerminal(
                    config: config, store: try TerminalStore.inMemory(), fingerprint: nil, face: device,
                    reporter: SilentReporter(), logger: quiet)
                let operID = try await cloud.pushEnrollment(sn: "FACE-E2E", userid: "zhouba", pageType: .face)
                let operation = try await cloud.waitForOperation(operID, timeout: .seconds(deadline + 20))
                outcome = (operation, await cloud.storedTemplates(userid: "zhouba"), await cloud.uploads())
                await running.stop()
                await device.release()
                await world.stop()
            }
            return try #require(outcome)
        }

        @Test("a face in front of the camera → a protected 135-byte template in face slot 0, no frame uploaded")
        func faceIsEnrolled() async throws {
            let (operation, stored, uploads) = try await Self.enroll(
                scene: StillFrameSource(try CameraImage.read(path: sharedFacePhoto)), deadline: 20)
            #expect(operation.status == .accepted, "\(operation.reason ?? "") \(operation.resultErrmsg ?? "")")
            #expect(stored.map(\.slot) == [0])
            #expect(stored.first?.algorithm.hasPrefix("face-dlib128-rq48-k") == true)
            // 7-byte header + 512 bits: nothing like a 640×480 frame.
            #expect(stored.first?.size == 7 + 128)  // header + 128 quantised coordinates
            #expect(uploads.allSatisfy { $0.verdict == .accepted })
        }

        @Test("nobody in front of the camera until the capture deadline → 103 未检测到人脸")
        func noFaceIs103() async throws {
            let (operation, stored, _) = try await Self.enroll(
                scene: MovingGradientSource(width: 640, height: 480), deadline: 5)
            #expect(operation.resultErrcode == 103, "\(operation)")
            #expect(operation.resultErrmsg == "未检测到人脸")
            #expect(stored.isEmpty)
        }
    }
}
