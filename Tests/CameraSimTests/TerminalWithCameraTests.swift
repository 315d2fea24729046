import Biometrics
import CameraSim
import DeviceSetup
import Foundation
import Logging
import TerminalDaemon
import TerminalStore
import TerminalTesting
import Testing
import UVCCamera
import WeComCloudSim
import WeComDevice

/// Scores 100 for identical template bytes, else 0: enough for the daemon's duplicate check here.
struct ExactBytesMatcher: Matcher {
    let algorithm: AlgorithmID
    let threshold = 100

    func score(_ probe: Template, _ reference: Template) async throws -> Int {
        probe.data == reference.data ? 100 : 0
    }
}

extension CameraSimTier2Tests {
    /// The daemon composition with `camera.device` set: FaceDevice opens the simulated camera on the
    /// real ioctl/mmap path and a `push_enter_page{fa}` is answered through it.
    @Suite("the daemon enrolls faces through the camera on the real V4L2 path")
    struct TerminalWithCameraTests {
        struct Running {
            let cloud: CloudSimulator
            let face: FaceDevice
            let task: Task<Void, Never>
        }

        static func withTerminal(_ bench: UVCSimBench, _ body: (Running) async throws -> Void) async throws {
            var quiet = Logger(label: "camera-e2e")
            quiet.logLevel = .critical
            let cloud = CloudSimulator(logger: quiet)
            try await cloud.addDevice(sn: "CAM-E2E", secretNo: "cam-e2e-secret")
            try await cloud.addMember(userid: "sunba", name: "孙八")
            try await cloud.bind(sn: "CAM-E2E")
            let port = try await cloud.start(host: "127.0.0.1", port: 0)
            let config = try DaemonConfig.parse(
                Data(
                    """
                    {"cloud": {"endpoint": "ws://127.0.0.1:\(port)/", "sn": "CAM-E2E", "secret_no": "cam-e2e-secret"},
                     "capture": {"deadline_s": 5}, "camera": {"device": "\(bench.camera.devicePath)"}}
                    """.utf8))
            let analyzer = FrameQualityGate(next: PixelEchoAnalyzer())
            let opened = await FaceDevice.open(
                config, analysis: .analyzer(analyzer, matcher: ExactBytesMatcher(algorithm: analyzer.algorithm)),
                logger: quiet)
            let face = try #require(opened.device)
            #expect(opened.problem == nil)
            #expect(face.description.contains(bench.camera.devicePath))
            let terminal = try Terminal(
                config: config, store: try TerminalStore.inMemory(), fingerprint: nil, face: face,
                transport: WSClientTransport(), reporter: SilentReporter(), logger: quiet)
            let task = Task { await terminal.run() }
            let running = Running(cloud: cloud, face: face, task: task)
            do {
                let deadline = ContinuousClock.now + .seconds(20)
                while await cloud.devices().first?.loggedIn != true {
                    guard ContinuousClock.now < deadline else { throw CameraE2EError.neverLoggedIn }
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await body(running)
            } catch {
                await stop(running)
                throw error
            }
            await stop(running)
        }

        static func stop(_ running: Running) async {
            running.task.cancel()
            await running.task.value
            await running.face.release()
            await running.cloud.stop()
        }

        @Test("push fa → a frame through the quality gate → template uploaded, camera released")
        func faceEnrollment() async throws {
            try await UVCSimBench.run(clock: ContinuousClock(), source: StillFrameSource(try texturedImage())) {
                bench in
                try await Self.withTerminal(bench) { running in
                    let operID = try await running.cloud.pushEnrollment(sn: "CAM-E2E", userid: "sunba", pageType: .face)
                    let operation = try await running.cloud.waitForOperation(operID, timeout: .seconds(20))
                    #expect(operation.status == .accepted, "\(operation.reason ?? "")")
                    #expect(operation.resultErrcode == 0)
                    let stored = await running.cloud.storedTemplates(userid: "sunba")
                    #expect(stored.map(\.pageType) == [.face])
                    #expect(stored.first?.algorithm == "pixel-echo-test")
                    // The stream stops once the enrollment is over.
                    let deadline = ContinuousClock.now + .seconds(5)
                    while bench.camera.isStreaming, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    #expect(!bench.camera.isStreaming)
                }
            }
        }

        @Test("the camera vanishes → the push is answered 110 设备故障")
        func removedCameraIsFailure110() async throws {
            try await UVCSimBench.run(clock: ContinuousClock(), source: StillFrameSource(try texturedImage())) {
                bench in
                try await Self.withTerminal(bench) { running in
                    bench.camera.remove()
                    let operID = try await running.cloud.pushEnrollment(sn: "CAM-E2E", userid: "sunba", pageType: .face)
                    let operation = try await running.cloud.waitForOperation(operID, timeout: .seconds(20))
                    #expect(operation.resultErrcode == 110, "\(operation)")
                    #expect(await running.cloud.storedTemplates(userid: "sunba").isEmpty)
                }
            }
        }
    }
}

enum CameraE2EError: Error {
    case neverLoggedIn
}
