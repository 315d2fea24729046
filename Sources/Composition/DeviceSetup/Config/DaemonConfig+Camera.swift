import Foundation

extension DaemonConfig {
    /// Which V4L2 camera the daemon uses for face enrollment.
    public enum CameraDevice: Sendable, Equatable, CustomStringConvertible {
        /// No camera: face pushes fail with 110.
        case none
        /// The first video-capture node under /dev that streams.
        case auto
        /// One node, e.g. /dev/video0 or a udev symlink such as /dev/attendance-camera.
        case path(String)

        /// As written in the config: `none`, `auto` or an absolute path.
        public var description: String {
            switch self {
            case .none: "none"
            case .auto: "auto"
            case .path(let path): path
            }
        }
    }

    public struct Camera: Sendable, Equatable {
        public var device: CameraDevice
        /// The frame size asked for; the nearest size the camera offers is taken.
        public var width: Int
        public var height: Int
        /// The frame rate asked for.
        public var framesPerSecond: Int
        /// Frames assessed per capture attempt; the best accepted one gives the template.
        public var framesPerAttempt: Int = 8

        public static let disabled = Camera(device: .none, width: 640, height: 480, framesPerSecond: 30)
    }

    /// Face recognition behind the camera: models and the tenant's template-protection key.
    public struct Face: Sendable, Equatable {
        /// Folder with dlib's two model files; nil: $ATTENDANCE_FACE_MODELS, else ./.models/face.
        public var modelsDirectory: String?
        /// The tenant key file (0600); nil: `face-protection.key` next to the store.
        public var keyPath: String?

        public static let defaults = Face(modelsDirectory: nil, keyPath: nil)
    }

    static func parseCamera(_ section: ConfigReader?) throws -> Camera {
        guard let section else { return .disabled }
        try section.allowOnly(["device", "width", "height", "fps", "frames_per_attempt"])
        var camera = Camera(
            device: try parseCameraDevice(try section.nonEmptyString("device"), key: section.key("device")),
            width: try section.int("width", in: 160...1920) ?? 640,
            height: try section.int("height", in: 120...1080) ?? 480,
            framesPerSecond: try section.int("fps", in: 5...60) ?? 30)
        camera.framesPerAttempt = try section.int("frames_per_attempt", in: 1...60) ?? 8
        return camera
    }

    static func parseFace(_ section: ConfigReader?) throws -> Face {
        guard let section else { return .defaults }
        try section.allowOnly(["models", "key"])
        return Face(modelsDirectory: try section.nonEmptyString("models"), keyPath: try section.nonEmptyString("key"))
    }

    /// Where the tenant's face-protection key lives.
    public var faceKeyPath: String {
        face.keyPath ?? SiblingPath.named("face-protection.key", besides: storePath)
    }

    static func parseCameraDevice(_ text: String?, key: String) throws -> CameraDevice {
        guard let text, text != "none" else { return .none }
        if text == "auto" { return .auto }
        guard text.hasPrefix("/"), text.count > 1 else {
            throw ConfigError(
                key: key, expected: "\"none\", \"auto\" or an absolute device path such as \"/dev/video0\"",
                got: "\"\(text)\"")
        }
        return .path(text)
    }
}
