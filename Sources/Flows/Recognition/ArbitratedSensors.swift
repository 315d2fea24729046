import Biometrics

/// The fingerprint reader as enrollment sees it: each call first takes the sensor from recognition.
public struct ArbitratedFingerprintReader: FingerprintReader {
    public let base: any FingerprintReader
    public let arbiter: SensorArbiter

    public init(base: any FingerprintReader, arbiter: SensorArbiter) {
        self.base = base
        self.arbiter = arbiter
    }

    public var algorithm: AlgorithmID { base.algorithm }

    public func isFingerPresent() async throws(FingerprintReaderError) -> Bool {
        try await arbiter.enrolling(.fingerprint) { () async throws(FingerprintReaderError) in
            try await base.isFingerPresent()
        }
    }

    public func capture() async throws(FingerprintReaderError) -> FingerCapture {
        try await arbiter.enrolling(.fingerprint) { () async throws(FingerprintReaderError) in try await base.capture()
        }
    }

    public func capture(
        progress: @escaping @Sendable (FingerImageTransfer) -> Void
    ) async throws(FingerprintReaderError) -> FingerCapture {
        try await arbiter.enrolling(.fingerprint) { () async throws(FingerprintReaderError) in
            try await base.capture(progress: progress)
        }
    }

    public func enrollTemplate(from samples: [FingerSample]) async throws(FingerprintReaderError) -> Template {
        try await arbiter.enrolling(.fingerprint) { () async throws(FingerprintReaderError) in
            try await base.enrollTemplate(from: samples)
        }
    }
}

/// The face camera as enrollment sees it: each call first takes the camera from recognition.
public struct ArbitratedFaceCamera: FaceCamera {
    public let base: any FaceCamera
    public let arbiter: SensorArbiter

    public init(base: any FaceCamera, arbiter: SensorArbiter) {
        self.base = base
        self.arbiter = arbiter
    }

    public var algorithm: AlgorithmID { base.algorithm }

    public func captureFace() async throws(FaceCameraError) -> FaceCapture {
        try await arbiter.enrolling(.face) { () async throws(FaceCameraError) in try await base.captureFace() }
    }
}
