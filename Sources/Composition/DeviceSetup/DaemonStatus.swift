import Foundation
import SystemSupport

/// What the running daemon publishes for `attendctl status` at the config's `store.status_path`:
/// written atomically on every change, so a reader never sees half a file. Here, beside the config,
/// because the daemon writes it and attendctl reads it.
public struct DaemonStatus: Codable, Sendable, Equatable {
    public var pid: Int32
    public var startedAt: Date
    public var updatedAt: Date
    public var sn: String
    public var endpoint: String
    /// The cloud session's state, e.g. "logged_in", "waiting_for_bind", "reconnecting".
    public var session: String
    public var fingerprintDevice: String
    /// The face camera and its recognition, "none" without one (absent in files of older daemons).
    public var faceDevice: String?
    /// Why faces are off although a camera is configured, and what fixes it (e.g. no face key yet).
    public var faceProblem: String?
    /// Whether the fingerprint module is there now, since when, and its last error (absent in files
    /// of older daemons, and without a module configured).
    public var fingerprintPresence: DevicePresence?
    /// The same for the face camera.
    public var facePresence: DevicePresence?
    /// The running enrollment, if any.
    public var enrollment: RunningEnrollment?
    public var lastResult: String?
    /// The latest recognition events (passages and refusals), newest last; absent from older daemons.
    public var recognitions: [RecognitionEvent]?

    /// How many recognition events the status file keeps.
    public static let recentRecognitions = 20

    /// One passage or refusal as the status file shows it.
    public struct RecognitionEvent: Codable, Sendable, Equatable {
        public var at: Date
        /// "fingerprint" or "face".
        public var modality: String
        /// "passage" or "refused".
        public var decision: String
        public var userid: String?
        /// How clearly the score passed: "marginal", "clear", "strong".
        public var band: String?
        /// From finger-down or the frame to the verdict.
        public var latencyMilliseconds: Double
        /// The console's line for it.
        public var text: String

        public init(
            at: Date, modality: String, decision: String, userid: String?, band: String?,
            latencyMilliseconds: Double, text: String
        ) {
            self.at = at
            self.modality = modality
            self.decision = decision
            self.userid = userid
            self.band = band
            self.latencyMilliseconds = latencyMilliseconds
            self.text = text
        }

        enum CodingKeys: String, CodingKey {
            case at, modality, decision, userid, band, text
            case latencyMilliseconds = "latency_ms"
        }
    }

    /// Adds `event`, keeping the newest `recentRecognitions`.
    public mutating func append(_ event: RecognitionEvent) {
        var events = recognitions ?? []
        events.append(event)
        recognitions = Array(events.suffix(Self.recentRecognitions))
    }

    public init(
        pid: Int32, startedAt: Date, updatedAt: Date, sn: String, endpoint: String, session: String,
        fingerprintDevice: String, faceDevice: String?, faceProblem: String? = nil,
        fingerprintPresence: DevicePresence? = nil, facePresence: DevicePresence? = nil,
        enrollment: RunningEnrollment?, lastResult: String?
    ) {
        self.pid = pid
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.sn = sn
        self.endpoint = endpoint
        self.session = session
        self.fingerprintDevice = fingerprintDevice
        self.faceDevice = faceDevice
        self.faceProblem = faceProblem
        self.fingerprintPresence = fingerprintPresence
        self.facePresence = facePresence
        self.enrollment = enrollment
        self.lastResult = lastResult
    }

    public struct RunningEnrollment: Codable, Sendable, Equatable {
        public var operID: String?
        public var userid: String
        public var modality: String
        public var prompt: String
        public var startedAt: Date

        public init(operID: String?, userid: String, modality: String, prompt: String, startedAt: Date) {
            self.operID = operID
            self.userid = userid
            self.modality = modality
            self.prompt = prompt
            self.startedAt = startedAt
        }
    }

    enum CodingKeys: String, CodingKey {
        case pid, sn, endpoint, session, enrollment
        case startedAt = "started_at"
        case updatedAt = "updated_at"
        case fingerprintDevice = "fingerprint_device"
        case faceDevice = "face_device"
        case faceProblem = "face_problem"
        case fingerprintPresence = "fingerprint_presence"
        case facePresence = "face_presence"
        case lastResult = "last_result"
        case recognitions
    }
}

extension DaemonStatus {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// Replaces the file atomically. It is created 0600 whatever the umask; a mode an operator gave it
    /// that `PrivateFiles` allows (0640 for the daemon's group) is kept.
    public func write(to path: String) throws {
        let data = try encoded()
        try PrivateFiles.replace(path, with: [UInt8](data), mode: PrivateFiles.modeToKeep(path))
    }

    public static func read(from path: String) throws -> DaemonStatus {
        try decode(Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The file's JSON as `write` makes it.
    public func encoded() throws -> Data {
        try Self.encoder.encode(self)
    }

    /// Reads what `encoded` (or `write`) made.
    public static func decode(_ data: Data) throws -> DaemonStatus {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(DaemonStatus.self, from: data)
    }

    /// The presence of the device in `role`.
    public func presence(of role: DeviceRole) -> DevicePresence? {
        switch role {
        case .fingerprint: fingerprintPresence
        case .camera: facePresence
        }
    }

    /// Records the presence of the device in `role`.
    public mutating func setPresence(_ presence: DevicePresence, of role: DeviceRole) {
        switch role {
        case .fingerprint: fingerprintPresence = presence
        case .camera: facePresence = presence
        }
    }
}
