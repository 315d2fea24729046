import Biometrics
import FingerprintModule

/// The reader of a recovering fingerprint device: each call runs on the module there now.
struct RecoveringFingerprintReader: FingerprintReader {
    let recovery: RecoveringFingerprintModule
    let algorithm: AlgorithmID

    func isFingerPresent() async throws(FingerprintReaderError) -> Bool {
        try await readerCall { device in try await device.reader.isFingerPresent() }
    }

    func capture() async throws(FingerprintReaderError) -> FingerCapture {
        try await readerCall { device in try await device.reader.capture() }
    }

    func capture(
        progress: @escaping @Sendable (FingerImageTransfer) -> Void
    ) async throws(FingerprintReaderError) -> FingerCapture {
        try await readerCall { device in try await device.reader.capture(progress: progress) }
    }

    func enrollTemplate(from samples: [FingerSample]) async throws(FingerprintReaderError) -> Template {
        try await readerCall { device in try await device.reader.enrollTemplate(from: samples) }
    }

    /// A module that is away, or closed, is a device fault like any other.
    private func readerCall<T: Sendable>(
        _ body: @Sendable (FingerprintDevice) async throws -> T
    ) async throws(FingerprintReaderError) -> T {
        do {
            return try await recovery.run(body)
        } catch let error as FingerprintReaderError {
            throw error
        } catch {
            throw .deviceFault(String(describing: error))
        }
    }
}

/// The module-side matcher of a recovering fingerprint device.
struct RecoveringZFMMatcher: Matcher {
    let recovery: RecoveringFingerprintModule

    var algorithm: AlgorithmID { .zfmModule }
    var threshold: Int { ZFMMatcher.defaultThreshold }

    func score(_ probe: Template, _ reference: Template) async throws -> Int {
        try await recovery.run { device in try await device.matcher.score(probe, reference) }
    }
}

/// The duplicate check on a recovering module's library: a new `ZFMLibrarySearcher` comes with each
/// reopen, so the library is filled again from the candidates rather than trusted from before.
struct RecoveringZFMLibrarySearcher: TemplateSearcher {
    let recovery: RecoveringFingerprintModule

    var algorithm: AlgorithmID { .zfmModule }

    func firstMatch(for probe: Template, among candidates: [StoredTemplate]) async throws -> StoredTemplate? {
        try await recovery.run { device in
            let searcher = device.searcher ?? PairwiseSearcher(matcher: device.matcher)
            return try await searcher.firstMatch(for: probe, among: candidates)
        }
    }

    func identify(_ probe: Template, among candidates: [StoredTemplate], threshold: Int?) async throws -> SearchHit? {
        try await recovery.run { device in
            let searcher = device.searcher ?? PairwiseSearcher(matcher: device.matcher)
            return try await searcher.identify(probe, among: candidates, threshold: threshold)
        }
    }

    func prepare(_ candidates: [StoredTemplate]) async throws {
        try await recovery.run { device in try await device.searcher?.prepare(candidates) }
    }
}
