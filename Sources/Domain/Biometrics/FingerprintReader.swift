/// Why a press did not give a usable sample; shown to the person as a retry hint.
public enum FingerRetryHint: String, Sendable, Hashable, Codable {
    /// Sensor saw no finger when one was expected.
    case noFinger
    /// Image too smudged / messy to extract features.
    case tooMessy
    /// Too few minutiae / features.
    case tooFewFeatures
    /// The image could not be captured or was not valid.
    case captureFailed
}

/// Features of one press. Held on the terminal only; it is never uploaded.
public struct FingerSample: Hashable, Sendable {
    /// Module- or extractor-specific feature bytes (e.g. a ZFM 256/512-byte char file).
    public let features: [UInt8]
    /// 0-100, the reader's estimate.
    public let quality: Int

    public init(features: [UInt8], quality: Int) {
        self.features = features
        self.quality = quality
    }
}

/// The outcome of one capture attempt on a finger that is on the sensor.
public enum FingerCapture: Sendable, Hashable {
    case sample(FingerSample)
    case retry(FingerRetryHint)
}

public enum FingerprintReaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The presses given to `enrollTemplate` are not of the same finger.
    case samplesDoNotMatch
    /// The sensor is missing, disconnected or answers wrongly.
    case deviceFault(String)

    public var description: String {
        switch self {
        case .samplesDoNotMatch: "the presses are not of the same finger"
        case .deviceFault(let why): "fingerprint sensor fault: \(why)"
        }
    }
}

/// How far the image of a press has come over from the sensor: a reader that uploads images to the
/// host (a ZFM module used as a sensor, behind a 57,600-baud UART: about 7 s an image) reports it so the
/// terminal can say what is happening meanwhile.
public struct FingerImageTransfer: Sendable, Hashable {
    /// Image bytes received so far.
    public let receivedBytes: Int
    /// Image bytes expected; nil when the reader does not know.
    public let totalBytes: Int?

    public init(receivedBytes: Int, totalBytes: Int?) {
        self.receivedBytes = receivedBytes
        self.totalBytes = totalBytes
    }

    /// 0-100, nil when the total is unknown.
    public var percent: Int? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(100, max(0, receivedBytes * 100 / totalBytes))
    }
}

/// A fingerprint sensor as the enrollment flow sees it. Implementations (a ZFM module over USB,
/// a simulator) poll their hardware; callers pace the polling.
public protocol FingerprintReader: Sendable {
    /// Algorithm of the templates `enrollTemplate` builds.
    var algorithm: AlgorithmID { get }
    /// One poll: is a finger on the sensor now?
    func isFingerPresent() async throws(FingerprintReaderError) -> Bool
    /// Capture the finger that is on the sensor and extract its features.
    func capture() async throws(FingerprintReaderError) -> FingerCapture
    /// `capture()`, reporting the image's transfer from the sensor as it goes (readers that upload
    /// images); the default reports nothing.
    func capture(
        progress: @escaping @Sendable (FingerImageTransfer) -> Void
    ) async throws(FingerprintReaderError) -> FingerCapture
    /// Build one template from N presses of one finger; throws `.samplesDoNotMatch` when they differ.
    func enrollTemplate(from samples: [FingerSample]) async throws(FingerprintReaderError) -> Template
}

extension FingerprintReader {
    /// Readers whose capture moves no image to the host report no progress.
    public func capture(
        progress: @escaping @Sendable (FingerImageTransfer) -> Void
    ) async throws(FingerprintReaderError) -> FingerCapture {
        try await capture()
    }
}
