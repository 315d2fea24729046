import Biometrics
import FaceEnrollment
import FaceRecognition
import Foundation
import Logging
import UVCCamera
import V4L2

/// The terminal's face camera: a UVC camera whose frames an analyzer turns into templates, plus the
/// matcher for the duplicate check. The camera streams only while an enrollment needs it.
public struct FaceDevice: Sendable {
    public let camera: any FaceCamera
    /// The same camera looking at one frame a call: the recognition loop's low rate.
    public let glance: any FaceCamera
    public let matcher: any Matcher
    /// For logs and `attendctl status`, e.g. "UVC camera /dev/video0 (GREY 640×480)".
    public let description: String
    /// dlib and the tenant key, also used for legacy photo enrollment; nil with another face camera.
    public let pipeline: FacePipeline?
    /// Whether the camera streamed at its last open or capture; nil for cameras not opened by `open`.
    public let presence: DevicePresenceTracker?
    private let driver: UVCCameraDriver?

    /// Any camera/matcher pair (instrumented ones in tests and benchmarks).
    public init(
        camera: any FaceCamera, glance: (any FaceCamera)? = nil, matcher: any Matcher, pipeline: FacePipeline? = nil,
        description: String
    ) {
        self.camera = camera
        self.glance = glance ?? camera
        self.matcher = matcher
        self.pipeline = pipeline
        self.description = description
        presence = nil
        driver = nil
    }

    private init(
        driver: UVCCameraDriver, camera: any FaceCamera, glance: any FaceCamera, matcher: any Matcher,
        pipeline: FacePipeline?, description: String, presence: DevicePresenceTracker
    ) {
        self.camera = camera
        self.glance = glance
        self.matcher = matcher
        self.pipeline = pipeline
        self.description = description
        self.presence = presence
        self.driver = driver
    }

    /// The score 1:N identification accepts for the gallery at hand: `ProtectedFaceMatcher.identificationRule`
    /// with the dlib pipeline; nil (the matcher's own) with another camera.
    public var identificationRule: IdentificationThreshold? {
        pipeline == nil ? nil : ProtectedFaceMatcher.identificationRule
    }

    /// Stops streaming until the next capture reopens the camera; does nothing while a capture runs (the
    /// next enrollment's, when its push came before this release).
    public func release() async {
        await driver?.releaseIfIdle()
    }

    /// The camera `config` names, with `analysis` behind it, checked once. A camera without loadable
    /// models or key is left out (face pushes answer 110) rather than keeping the terminal off the
    /// cloud; a camera that is absent or refuses to stream is still returned, so that face pushes are
    /// answered 110 until it comes back. Either way `problem` says what went wrong; a missing key's
    /// problem names the command that creates it (for the daemon reading `configPath`).
    public static func open(
        _ config: DaemonConfig, analysis: FaceAnalysis = .recognition, configPath: String? = nil,
        logger: Logger = Logger(label: "attendanced")
    ) async -> FaceDeviceOpening {
        guard config.camera.device != .none else { return FaceDeviceOpening(device: nil, problem: nil) }
        switch analysis {
        case .recognition:
            // The key first: it is cheap to read, and without it there is no point loading the models.
            do {
                _ = try FaceProtectionKeyFile(path: config.faceKeyPath).load()
            } catch .missing {
                return FaceDeviceOpening(
                    device: nil,
                    problem: FaceKeySetup.missingKeyAdvice(keyPath: config.faceKeyPath, configPath: configPath))
            } catch {
                return FaceDeviceOpening(
                    device: nil,
                    problem: "\(error); running without face recognition (face pushes answer 110)")
            }
            let pipeline: FacePipeline
            do {
                pipeline = try FacePipeline.load(
                    modelsDirectory: config.face.modelsDirectory, keyPath: config.faceKeyPath)
            } catch {
                return FaceDeviceOpening(
                    device: nil,
                    problem:
                        "face recognition cannot start: \(error); running without a face camera (face pushes answer 110)"
                )
            }
            let camera = config.camera
            return await open(
                camera, matcher: pipeline.matcher, pipeline: pipeline, logger: logger,
                glance: { RecognizingFaceCamera(driver: $0, pipeline: pipeline, framesPerAttempt: 1) }
            ) { driver in
                RecognizingFaceCamera(driver: driver, pipeline: pipeline, framesPerAttempt: camera.framesPerAttempt)
            }
        case .camera(let matcher, let makeCamera):
            return await open(config.camera, matcher: matcher, pipeline: nil, logger: logger, camera: makeCamera)
        }
    }

    private static func open(
        _ config: DaemonConfig.Camera, matcher: any Matcher, pipeline: FacePipeline?, logger: Logger,
        glance makeGlance: ((UVCCameraDriver) -> any FaceCamera)? = nil,
        camera makeCamera: (UVCCameraDriver) -> any FaceCamera
    ) async -> FaceDeviceOpening {
        let path: String?
        switch config.device {
        case .none: return FaceDeviceOpening(device: nil, problem: nil)
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
        let presence = DevicePresenceTracker()
        do {
            let mode = try await driver.open()
            let node = await driver.devicePath ?? path ?? "camera"
            description = "UVC camera \(node) (\(mode.pixelFormat) \(mode.size))"
            await driver.close()
            presence.markPresent(description)
        } catch {
            description = "UVC camera \(path ?? "auto") (not streaming)"
            problem = "camera.device \(config.device): \(error); face enrollment answers 110 until it streams"
            presence.markAbsent(String(describing: error))
        }
        let detail = problem == nil ? description : "UVC camera \(path ?? "auto")"
        let camera = PresenceTrackingFaceCamera(camera: makeCamera(driver), presence: presence, detail: detail)
        let glance = makeGlance.map {
            PresenceTrackingFaceCamera(camera: $0(driver), presence: presence, detail: detail)
        }
        let device = FaceDevice(
            driver: driver, camera: camera, glance: glance ?? camera, matcher: matcher, pipeline: pipeline,
            description: description, presence: presence)
        return FaceDeviceOpening(device: device, problem: problem)
    }
}

/// What turns the camera's frames into templates.
public enum FaceAnalysis: Sendable {
    /// dlib's face recognition with the config's models and tenant key (what the daemon runs).
    case recognition
    /// Any face camera made over the configured camera's driver, and its matcher (tests, other extractors).
    case camera(matcher: any Matcher, make: @Sendable (UVCCameraDriver) -> any FaceCamera)
}

/// What opening the configured camera gave.
public struct FaceDeviceOpening: Sendable {
    /// The camera; nil when the config names none or face recognition cannot start.
    public let device: FaceDevice?
    /// What went wrong, for the operator; the terminal runs on either way.
    public let problem: String?
}
