import Biometrics

/// The sensors recognition reads and the searchers it identifies with; either modality may be absent.
public struct RecognitionSensors: Sendable {
    public var reader: (any FingerprintReader)?
    /// 1:N over fingerprint templates (the module's library search, the ISO gallery).
    public var fingerprintSearcher: (any TemplateSearcher)?
    /// A camera that looks at one frame a call (the loop's low rate).
    public var camera: (any FaceCamera)?
    public var faceSearcher: (any TemplateSearcher)?

    public init(
        reader: (any FingerprintReader)? = nil, fingerprintSearcher: (any TemplateSearcher)? = nil,
        camera: (any FaceCamera)? = nil, faceSearcher: (any TemplateSearcher)? = nil
    ) {
        self.reader = reader
        self.fingerprintSearcher = fingerprintSearcher
        self.camera = camera
        self.faceSearcher = faceSearcher
    }
}
