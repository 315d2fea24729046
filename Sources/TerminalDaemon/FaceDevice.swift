import Biometrics
import Foundation
import Logging
import UVCCamera
import V4L2

/// The terminal's face camera: a UVC camera whose frames an analyzer turns into templates, plus the
/// matcher for the duplicate check. The camera streams only while an enrollment needs it.
public struct FaceDevice: Sendable {
    public let camera: any FaceCamera
    public let matcher: any Matcher
    /// For logs and `attendctl status`, e.g. "UVC camera /dev/video0 (GREY 640×480)".
    public let description: String
    private let driver: UVCCameraDriver?

    /// Any camera/matcher pair (instrumented ones in tests and benchmarks).
    public init(camera: any FaceCamera, matcher: any Matcher, description: String) {
        self.camera = camera
        self.matcher = matcher
        self.description = description
        driver = nil
    }

    init(driver: UVCCameraDriver, analyzer: any FaceFrameAnalyzer, matcher: any Matcher, description: String) {
        camera = UVCFaceCamera(driver: driver, analyzer: analyzer)
        self.matcher = matcher
        self.description = description
        self.driver = driver
    }

    /// Stops streaming until the next capture reopens the camera.
    public func release() async {
        await driver?.close()
    }

    /// Sets up the camera the config names (nil for `none`) and checks it once. A camera that is
    /// absent or refuses to stream is still returned, so that face pushes are answered 110 until it
    /// comes back; `problem` says what went wrong.
    public static func open(
        _ config: DaemonConfig.Camera, analyzer: any FaceFrameAnalyzer, matcher: any Matcher,
        logger: Logger = Logger(label: "attendanced")
    ) async -> (device: FaceDevice, problem: String?)? {
        let path: String?
        switch config.device {
        case .none: return nil
        case .auto: path = nil
        case .path(let configured): path = configured
        }
        let driver = UVCCameraDriver(
            configuration: UVCCameraConfiguration(
                devicePath: path,
                preferredSize: V4L2Size(width: UInt32(config.width), height: UInt32(config.height)),
                framesPerSecond: 5...Double(max(config.framesPerSecond, 5)),
                preferredFramesPerSecond: Double(config.framesPerSecond)),
            logger: logger)
        let description: String
        var problem: String?
        do {
            let mode = try await driver.open()
            let node = await driver.devicePath ?? path ?? "camera"
            description = "UVC camera \(node) (\(mode.pixelFormat) \(mode.size))"
            await driver.close()
        } catch {
            description = "UVC camera \(path ?? "auto") (not streaming)"
            problem = "camera.device \(config.device): \(error); face enrollment answers 110 until it streams"
        }
        return (FaceDevice(driver: driver, analyzer: analyzer, matcher: matcher, description: description), problem)
    }
}
