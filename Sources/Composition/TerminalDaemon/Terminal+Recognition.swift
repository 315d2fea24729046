import Biometrics
import DeviceSetup
import Enrollment
import Recognition

extension Terminal {
    /// The recognition loop on the terminal's sensors, or nil when the config turns it off or there is
    /// no sensor. Fingerprints are searched with the device's searcher (the module's library, the ISO
    /// gallery), faces pairwise with the face matcher.
    static func recognitionLoop(
        config: DaemonConfig, fingerprint: FingerprintDevice?, face: FaceDevice?, arbiter: SensorArbiter,
        runner: EnrollmentRunner, gallery: any RecognitionGallery, sink: any RecognitionSink,
        clock: any Clock<Duration>
    ) -> RecognitionLoop? {
        guard config.recognition.enabled, fingerprint != nil || face != nil else { return nil }
        let sensors = RecognitionSensors(
            reader: fingerprint?.reader,
            fingerprintSearcher: fingerprint.map { $0.searcher ?? PairwiseSearcher(matcher: $0.matcher) },
            camera: face?.glance, faceSearcher: face.map { PairwiseSearcher(matcher: $0.matcher) })
        let settings = RecognitionSettings(
            fingerprintPollInterval: .milliseconds(config.capture.pollIntervalMilliseconds),
            faceInterval: .milliseconds(config.recognition.faceIntervalMilliseconds),
            repeatWindow: .seconds(config.recognition.repeatSeconds),
            thresholds: [.fingerprint: fingerprint?.identificationRule, .face: face?.identificationRule]
                .compactMapValues { $0 })
        return RecognitionLoop(
            sensors: sensors, gallery: gallery, sink: sink, arbiter: arbiter,
            enrollmentIdle: { await runner.runningRequest == nil }, clock: clock, settings: settings)
    }
}
