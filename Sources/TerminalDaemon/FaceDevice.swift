import Biometrics
import FaceEnrollment
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
    /// dlib and the tenant key, also used for legacy photo enrollment; nil with a test analyzer.
    public let pipeline: FacePipeline?
    private let driver: UVCCameraDriver?

    /// Any camera/matcher pair (instrumented ones in tests and benchmarks).
    public init(camera: any FaceCamera, matcher: any Matcher, pipeline: FacePipeline? = nil, description: String) {
        self.camera = camera
        self.matcher = matcher
        self.pipeline = pipeline
        self.description = description
        driver = nil
    }

    init(
        driver: UVCCameraDriver, camera: any FaceCamera, matcher: any Matcher, pipeline: FacePipeline?,
        description: String
    ) {
        self.camera = camera
        self.matcher = matcher
        self.pipeline = pipeline
        self.description = description
        self.driver = driver
    }

    /// Stops streaming until the next capture reopens the camera.
    public func release() async {
        await driver?.close()
    }

    /// What the daemon runs with: the configured camera with dlib behind it, or nil and why not. A
    /// camera without loadable models or key is left out (face pushes answer 110) rather than
    /// keeping the terminal off the cloud.
    public static func open(_ config: DaemonConfig, logger: Logger) async -> (FaceDevice?, problem: String?) {
        guard config.camera.device != .none else { return (nil, nil) }
        let pipeline: FacePipeline
        do {
            pipeline = try FacePipeline.load(modelsDirectory: config.face.modelsDirectory, keyPath: config.faceKeyPath)
        } catch {
            return (
                nil, "face recognition cannot start: \(error); running without a face camera (face pushes answer 110)"
            )
        }
        guard let opened = await open(config.camera, pipeline: pipeline, logger: logger) else { return (nil, nil) }
        return (opened.device, opened.problem)
    }

    /// The camera the config names with dlib's face recognition behind it (nil for `none`).
    public static func open(
        _ config: DaemonConfig.Camera, pipeline: FacePipeline, logger: Logger = Logger(label: "attendanced")
    ) async -> (device: FaceDevice, problem: String?)? {
        await open(
            config, matcher: pipeline.matcher, pipeline: pipeline, logger: logger,
            camera: { driver in
                RecognizingFaceCamera(driver: driver, pipeline: pipeline, framesPerAttempt: config.framesPerAttempt)
            })
    }

    /// The camera the config names with any frame analyzer behind it (tests, other extractors).
    public static func open(
        _ config: DaemonConfig.Camera, analyzer: any FaceFrameAnalyzer, matcher: any Matcher,
        logger: Logger = Logger(label: "attendanced")
    ) async -> (device: FaceDevice, problem: String?)? {
        await open(config, matcher: matcher, pipeline: nil, logger: logger) { driver in
            UVCFaceCamera(driver: driver, analyzer: analyzer)
        }
    }

    /// Sets up the camera the config names (nil for `none`) and checks it once. A camera that is
    /// absent or refuses to stream is still returned, so that face pushes are answered 110 until it
    /// comes back; `problem` says what went wrong.
    static func open(
        _ config: DaemonConfig.Camera, matcher: any Matcher, pipeline: FacePipeline?, logger: Logger,
        camera makeCamera: (UVCCameraDriver) -> any FaceCamera
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
        let device = FaceDevice(
            driver: driver, camera: makeCamera(driver), matcher: matcher, pipeline: pipeline, description: description)
        return (device, problem)
    }
}
