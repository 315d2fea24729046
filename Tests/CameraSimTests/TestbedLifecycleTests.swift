import CameraSim
import Testing

extension CameraSimTier2Tests {
    @Suite struct TestbedLifecycleTests {
        @Test func aSecondLiveTestbedIsRefused() throws {
            let first = try CameraTestbed()
            defer { first.shutDown() }
            #expect(throws: CameraSimError.testbedAlreadyAlive) { _ = try CameraTestbed() }
            first.shutDown()
            let second = try CameraTestbed()
            second.shutDown()
        }

        @Test func camerasGetSuccessiveNodesAndAShutDownTestbedRefusesMore() throws {
            let testbed = try CameraTestbed()
            let first = try testbed.addCamera(source: MovingGradientSource())
            let second = try testbed.addCamera(source: MovingGradientSource())
            #expect([first.devicePath, second.devicePath] == ["/dev/video0", "/dev/video1"])
            testbed.shutDown()
            #expect(throws: CameraSimError.testbedShutDown) {
                _ = try testbed.addCamera(source: MovingGradientSource())
            }
        }

        @Test func mjpegWithoutAnEncoderIsRejectedNamingTheField() throws {
            let testbed = try CameraTestbed()
            defer { testbed.shutDown() }
            #expect(
                throws: CameraSimError.invalidConfiguration(
                    field: "jpegEncoder",
                    expected: "set when formats lists .mjpeg")
            ) {
                _ = try testbed.addCamera(
                    configuration: CameraConfiguration(formats: [.mjpeg]),
                    source: MovingGradientSource())
            }
        }
    }
}
