import CameraSim
import FingerprintModuleSim
import Testing
import UMockdevCore
import UMockdevHarness
import USBHost
import V4L2

extension CameraSimTier2Tests {
    /// One umockdev testbed hosts a USB fingerprint module and a camera together, as `make demo` needs.
    @Suite struct SharedTestbedTests {
        @Test func aUSBModuleAndACameraLiveInOneTestbed() async throws {
            let process = try UMockdevProcessTestbed()
            defer { process.shutDown() }
            let usb = try UMockdevTestbed(sharing: process)
            let module = try usb.addUSBDevice(.ch340, module: SimulatedZFMModule())
            #expect(module.deviceNode.hasPrefix("/dev/bus/usb/001/"))
            let cameras = try CameraTestbed(sharing: process, clock: ContinuousClock())
            let camera = try cameras.addCamera(source: MovingGradientSource())
            #expect(usb.rootDirectory == cameras.rootDirectory)

            let context = try USBContext()
            let present = try context.devices().map(\.id)
            #expect(present.contains(USBDeviceID(vendor: 0x1A86, product: 0x7523)), "\(present)")
            await context.shutdown()
            let device = try V4L2Device(path: camera.devicePath)
            #expect(try device.capabilities().card == CameraConfiguration().name)
            device.close()

            // Shutting one simulator down leaves the other's devices alone until the testbed goes.
            cameras.shutDown()
            let again = try USBContext()
            #expect(try again.devices().contains { $0.id == USBDeviceID(vendor: 0x1A86, product: 0x7523) })
            await again.shutdown()
            usb.shutDown()
            #expect(throws: UMockdevProcessTestbedError.alreadyAlive) { _ = try UMockdevProcessTestbed() }
            process.shutDown()
            #expect(throws: Never.self) { try UMockdevProcessTestbed().shutDown() }
        }
    }
}
