import CameraSim
import FingerprintModuleSim
import Foundation
import UMockdevCore
import UMockdevHarness

/// The simulated hardware the demo's daemon talks to: the fingerprint module on the chosen link and,
/// under the umockdev preload, a camera on the real V4L2 path in the same testbed.
struct DemoDevices {
    let fingerprintLink: String
    let cameraPath: String?
    private let stop: @Sendable () async -> Void

    func shutDown() async { await stop() }

    static func start(
        link: Demo.DemoLink, module: SimulatedZFMModule, camera scene: DemoScene?, work: String, narrator: Narrator
    ) throws -> DemoDevices {
        // One umockdev testbed per process: the CH340-wired module and the camera share it. The daemon
        // inherits LD_PRELOAD and UMOCKDEV_DIR, so its libusb and V4L2 calls are answered here.
        let process =
            UMockdevEnvironment.isPreloaded && (link == .usb || scene != nil) ? try UMockdevProcessTestbed() : nil
        var stops: [@Sendable () async -> Void] = []
        let fingerprintLink: String
        switch link {
        case .unix, .auto:
            let socket = work + "/fingerprint.sock"
            let server = try ZFMSocketServer(module: module, path: socket)
            server.start()
            fingerprintLink = "unix:" + socket
            stops.append { await server.shutdown() }
        case .tty:
            let server = try ZFMPTYServer(module: module)
            server.start()
            fingerprintLink = "tty:" + server.slavePath
            stops.append { await server.shutdown() }
        case .usb:
            guard let process else {
                throw DemoError(
                    "--link usb needs libumockdev-preload in this process and the daemon's: run `make demo` (LD_PRELOAD=libumockdev-preload.so.0 terminal-sim demo --link usb)"
                )
            }
            let bus = try UMockdevTestbed(sharing: process)
            let device = try bus.addUSBDevice(.ch340, module: module)
            fingerprintLink = "usb"
            stops.append { bus.shutDown() }
            narrator.say(
                "setup", "USB bus (umockdev): CH340 1a86:7523 at \(device.deviceNode) wired to the module at 57600 8N1")
        }
        var cameraPath: String?
        if let scene, let process {
            let cameras = try CameraTestbed(sharing: process, clock: ContinuousClock())
            let camera = try cameras.addCamera(
                configuration: CameraConfiguration(formats: [.yuyv, .mjpeg], jpegEncoder: TurboJPEGFrameEncoder()),
                source: scene)
            cameraPath = camera.devicePath
            // Cameras stop before the bus: every node must be closed before the testbed goes.
            stops.insert({ cameras.shutDown() }, at: 0)
            narrator.say(
                "setup",
                "camera (umockdev, real V4L2 ioctl/mmap path): \(camera.devicePath), YUYV/MJPEG 640×480 at 30 fps")
        }
        let all = stops
        return DemoDevices(fingerprintLink: fingerprintLink, cameraPath: cameraPath) {
            for stop in all { await stop() }
            process?.shutDown()
        }
    }
}
