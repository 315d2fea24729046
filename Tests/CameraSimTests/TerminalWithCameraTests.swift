import Biometrics
import CameraSim
import CameraTesting
import DeviceSetup
import Foundation
import Logging
import SimulatedWorld
import TerminalStore
import TerminalTesting
import Testing
import UVCCamera
import WeComCloudSim

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
            let world: SimulatedWorld
            let face: FaceDevice
            let terminal: RunningTerminal

            var cloud: CloudSimulator { world.cloud }
        }

        static func withTerminal(_ bench: UVCSimBench, _ body: (Running) async throws -> Void) async throws {
            var quiet = Logger(label: "camera-e2e")
            quiet.logLevel = .critical
            let world = try await SimulatedWorld.start(
                sn: "CAM-E2E", secretNo: "cam-e2e-secret", members: [("sunba", "孙八")], logger: quiet)
            let config = try world.config(
                #""capture": {"deadline_s": 5}, "camera": {"device": "\#(bench.camera.devicePath)"}"#)
            let analyzer = PixelEchoAnalyzer()
            let opened = await FaceDevice.open(
                config,
                analysis: .camera(matcher: ExactBytesMatcher(algorithm: analyzer.algorithm)) {
                    UVCFaceCamera(driver: $0, analyzer: analyzer)
                },
                logger: quiet)
            let face = try #require(opened.device)
            #expect(opened.problem == nil)
            #expect(face.description.contains(bench.camera.devicePath))
            let terminal: RunningTerminal
            do {
                terminal = try await world.startTerminal(
                    config: config, store: try TerminalStore.inMemory(), fingerprint: nil, face: face,
                    reporter: SilentReporter(), logger: quiet)
            } catch {
                await face.release()
                await world.stop()
                throw error
            }
            let running = Running(world: world, face: face, terminal: terminal)
            do {
                try await body(running)
            } catch {
                await stop(running)
                throw error
            }
            await stop(running)
        }

        static func stop(_ running: Running) async {
            await running.terminal.stop()
            await running.face.release()
            await running.world.stop()
        }

        @Test("push fa → a frame through the analyzer → template uploaded, camera released")
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
