extension DaemonConfig {
    /// The recognition loop at the door (`recognition` in the config).
    public struct Recognition: Sendable, Equatable {
        /// Off: the terminal only enrolls.
        public var enabled: Bool
        /// A member recognised again within this many seconds makes no second passage.
        public var repeatSeconds: Int
        /// Time between two looks at the camera while nobody enrolls.
        public var faceIntervalMilliseconds: Int

        public static let defaults = Recognition(enabled: true, repeatSeconds: 60, faceIntervalMilliseconds: 1000)
    }

    static func parseRecognition(_ section: ConfigReader?) throws -> Recognition {
        guard let section else { return .defaults }
        try section.allowOnly(["enabled", "repeat_s", "face_interval_ms"])
        return Recognition(
            enabled: try section.bool("enabled") ?? Recognition.defaults.enabled,
            repeatSeconds: try section.int("repeat_s", in: 1...86_400) ?? Recognition.defaults.repeatSeconds,
            faceIntervalMilliseconds: try section.int("face_interval_ms", in: 100...60_000)
                ?? Recognition.defaults.faceIntervalMilliseconds)
    }
}
