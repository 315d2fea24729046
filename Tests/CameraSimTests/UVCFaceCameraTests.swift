import Biometrics
import CameraSim
import CameraTesting
import Foundation
import Imaging
import Testing
import UVCCamera

/// Returns the first 16 pixels of the frame it was given as the template, so a test sees what reached it.
struct PixelEchoAnalyzer: FaceFrameAnalyzer {
    let algorithm = AlgorithmID("pixel-echo-test")

    func analyze(_ frame: GrayFrame) -> FaceCapture {
        .template(Template(modality: .face, algorithm: algorithm, data: Data(frame.pixels.prefix(16))))
    }
}

extension CameraSimTier2Tests {
    /// `UVCFaceCamera` (driver + analyzer) against the simulated camera.
    @Suite struct UVCFaceCameraTests {
        static func faceCamera(_ bench: UVCSimBench) -> UVCFaceCamera {
            UVCFaceCamera(
                driver: UVCCameraDriver(configuration: UVCCameraConfiguration(devicePath: bench.camera.devicePath)),
                analyzer: PixelEchoAnalyzer())
        }

        static func capture(_ camera: UVCFaceCamera) async throws -> FaceCapture {
            do {
                let result = try await camera.captureFace()
                await camera.driver.close()
                return result
            } catch {
                await camera.driver.close()
                throw error
            }
        }

        @Test func aGoodFrameYieldsTheAnalyzersTemplate() async throws {
            let image = try texturedImage()
            try await UVCSimBench.run(clock: ContinuousClock(), source: StillFrameSource(image)) { bench in
                let camera = Self.faceCamera(bench)
                #expect(camera.algorithm == AlgorithmID("pixel-echo-test"))
                let expected = Data(image.resized(to: CameraFrameSize(width: 640, height: 480)).pixels.prefix(16))
                let captured = try await Self.capture(camera)
                #expect(captured == .template(Template(modality: .face, algorithm: camera.algorithm, data: expected)))
            }
        }

        @Test func removalIsADeviceFault() async throws {
            try await UVCSimBench.run(clock: ContinuousClock(), source: StillFrameSource(try texturedImage())) {
                bench in
                let camera = Self.faceCamera(bench)
                _ = try await camera.captureFace()
                bench.camera.remove()
                let fault = await firstFault { () async throws(FaceCameraError) in _ = try await camera.captureFace() }
                #expect(fault?.description.contains("/dev/video0") == true)
                await camera.driver.close()
            }
        }
    }
}
