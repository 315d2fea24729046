import Biometrics

/// How the recognition loop paces itself and decides; the daemon reads it from its config.
public struct RecognitionSettings: Sendable, Equatable {
    /// Time between two polls of the fingerprint sensor.
    public var fingerprintPollInterval: Duration
    /// Time between two looks at the camera (the loop's low rate while nobody enrolls).
    public var faceInterval: Duration
    /// A member recognised again within this window makes no second passage.
    public var repeatWindow: Duration
    /// A stranger at the camera is refused again only after this long (one refusal, not one a frame).
    public var strangerRepeatWindow: Duration
    /// After a face enrollment, a face in view (most likely the person just enrolled) is not identified
    /// for this long, unless the view empties first.
    public var enrolledFaceQuiet: Duration
    /// The pause after a sensor or search fault before the next try.
    public var faultBackoff: Duration
    /// Identification thresholds per modality, on each searcher's scale, for the gallery at hand (stricter
    /// as it grows); a modality without one uses the searcher's own.
    public var thresholds: [Modality: IdentificationThreshold]

    public init(
        fingerprintPollInterval: Duration = .milliseconds(100), faceInterval: Duration = .seconds(1),
        repeatWindow: Duration = .seconds(60), strangerRepeatWindow: Duration = .seconds(5),
        enrolledFaceQuiet: Duration = .seconds(10), faultBackoff: Duration = .seconds(2),
        thresholds: [Modality: IdentificationThreshold] = [:]
    ) {
        self.enrolledFaceQuiet = enrolledFaceQuiet
        self.faultBackoff = faultBackoff
        self.fingerprintPollInterval = fingerprintPollInterval
        self.faceInterval = faceInterval
        self.repeatWindow = repeatWindow
        self.strangerRepeatWindow = strangerRepeatWindow
        self.thresholds = thresholds
    }
}
