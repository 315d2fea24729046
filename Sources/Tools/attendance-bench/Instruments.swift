import Biometrics
import Foundation
import Synchronization
import WeComDevice

/// Marks the instant the reader hands out an accepted sample.
struct TimingReader: FingerprintReader {
    let inner: any FingerprintReader
    let lastSample: Shared<ContinuousClock.Instant?>

    var algorithm: AlgorithmID { inner.algorithm }

    func isFingerPresent() async throws(FingerprintReaderError) -> Bool { try await inner.isFingerPresent() }

    func capture() async throws(FingerprintReaderError) -> FingerCapture {
        let result = try await inner.capture()
        if case .sample = result { lastSample.set(.now) }
        return result
    }

    func enrollTemplate(from samples: [FingerSample]) async throws(FingerprintReaderError) -> Template {
        try await inner.enrollTemplate(from: samples)
    }
}

/// Adds up the time spent comparing templates (the duplicate check).
struct TimingMatcher: Matcher {
    let inner: any Matcher
    let spent: Shared<Duration>

    var algorithm: AlgorithmID { inner.algorithm }
    var threshold: Int { inner.threshold }

    func score(_ probe: Template, _ reference: Template) async throws -> Int {
        let start = ContinuousClock.now
        defer { spent.update { $0 += start.duration(to: .now) } }
        return try await inner.score(probe, reference)
    }
}

/// Adds up the time spent in 1:N duplicate searches.
struct TimingSearcher: TemplateSearcher {
    let inner: any TemplateSearcher
    let spent: Shared<Duration>

    var algorithm: AlgorithmID { inner.algorithm }

    func firstMatch(for probe: Template, among candidates: [StoredTemplate]) async throws -> StoredTemplate? {
        let start = ContinuousClock.now
        defer { spent.update { $0 += start.duration(to: .now) } }
        return try await inner.firstMatch(for: probe, among: candidates)
    }

    func identify(_ probe: Template, among candidates: [StoredTemplate], threshold: Int?) async throws -> SearchHit? {
        let start = ContinuousClock.now
        defer { spent.update { $0 += start.duration(to: .now) } }
        return try await inner.identify(probe, among: candidates, threshold: threshold)
    }
}

/// Marks the instant an `upload_userinfo` frame has been written to the socket.
struct TimingTransport: WebSocketTransport {
    let inner: any WebSocketTransport
    let uploadWritten: Shared<ContinuousClock.Instant?>

    func connect(to url: URL) async throws -> any WebSocketConnection {
        TimingConnection(inner: try await inner.connect(to: url), uploadWritten: uploadWritten)
    }
}

struct TimingConnection: WebSocketConnection {
    let inner: any WebSocketConnection
    let uploadWritten: Shared<ContinuousClock.Instant?>

    var inbound: AsyncThrowingStream<String, any Error> { inner.inbound }

    func send(_ text: String) async throws {
        try await inner.send(text)
        if text.contains("\"upload_userinfo\"") { uploadWritten.set(.now) }
    }

    func close() async { await inner.close() }
}

/// A value shared between tasks, behind a lock.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    var value: Value { mutex.withLock { $0 } }
    func set(_ value: Value) { mutex.withLock { $0 = value } }
    func update(_ body: (inout Value) -> Void) { mutex.withLock { body(&$0) } }
}
