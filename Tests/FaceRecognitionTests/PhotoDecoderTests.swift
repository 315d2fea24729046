import ClockTesting
import FaceEnrollment
import Foundation
import HostileImages
import ImageFiles
import Synchronization
import SystemSupport
import Testing

/// A flag set once from any thread.
private final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

/// Waits until `condition` holds; gives up after 60,000 polls (an issue, not a hung test run). It counts
/// polls, not wall time: while the whole suite shares two pool threads, the task this waits for may not
/// start for a minute, and neither does this poller.
private func waitUntil(
    _ what: String, _ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation
) async {
    for _ in 0..<60_000 {
        if condition() { return }
        try? await Task.sleep(for: .milliseconds(1))
    }
    if !condition() { Issue.record("never saw: \(what)", sourceLocation: sourceLocation) }
}

/// The decoder of pushed photos: on its own worker, one photo at a time, each by its deadline. The
/// deadline is measured on a manual clock that moves only when a test advances it.
@Suite("PhotoDecoder: pushed photos decoded off the cooperative pool, by a deadline")
struct PhotoDecoderTests {
    /// A 12-megapixel progressive JPEG with 80 extra scans: within the standard limits' scan budget, so
    /// it decodes in full.
    static let slowPhoto = Data(HostileImage.progressiveScanBomb(extraScans: 80))

    @Test("a photo decodes to RGB")
    func decodes() async throws {
        guard FaceTestSupport.dataAvailable else { return }
        let photo = try Data(
            contentsOf: FaceTestSupport.facesDirectory.appendingPathComponent(
                "face_recognition_examples/obama-480p.jpg"))
        let frame = try await PhotoDecoder(clock: ManualClock()).decodeRGB(photo)
        #expect(frame.height == 480)
    }

    @Test("the cloud's photos are decoded under the photo limits: the scan bomb is refused before decoding")
    func photoLimits() async throws {
        #expect(PhotoDecoder.standardLimits == .photo)
        let error = await #expect(throws: PhotoDecodingError.self) {
            try await PhotoDecoder(clock: ManualClock()).decodeRGB(Data(HostileImage.progressiveScanBomb()))
        }
        guard case .invalid(let why) = error else {
            Issue.record("expected .invalid, got \(String(describing: error))")
            return
        }
        #expect(why.kind == .overBudget && why.expected.contains("ImageLimits.maxJPEGScans"), "\(why)")
    }

    @Test("a decode still running at its deadline is abandoned; the photo behind it is refused without running")
    func deadline() async throws {
        let clock = ManualClock()
        // The real decoder, held on the worker until the test opens the gate: "still running at its
        // deadline" then holds however fast the machine decodes and however late this task is scheduled.
        let gate = DispatchSemaphore(value: 0)
        let decoder = PhotoDecoder(limits: .standard, clock: clock) { (bytes, limits) throws(ImageFileError) in
            gate.wait()
            return try ImageFile.decodeRGB(bytes, limits: limits)
        }
        let slow = Self.slowPhoto
        let first = Task { () async throws(PhotoDecodingError) in try await decoder.decodeRGB(slow) }
        await waitUntil("the first decode running") { decoder.isDecoding }
        clock.advance(by: decoder.deadline)
        await #expect(
            throws: PhotoDecodingError.worker(.deadlinePassed(worker: "PhotoDecoder", deadline: decoder.deadline))
        ) {
            try await first.value
        }
        // The abandoned decode still holds the worker; the next photo waits behind it until its own deadline.
        #expect(decoder.isDecoding)
        let secondDone = Flag()
        let second = Task { () async throws(PhotoDecodingError) in
            defer { secondDone.set() }
            return try await decoder.decodeRGB(slow)
        }
        while !secondDone.isSet {
            clock.advance(by: decoder.deadline)
            try? await Task.sleep(for: .milliseconds(1))
        }
        await #expect(
            throws: PhotoDecodingError.worker(
                .stillBehindEarlierJob(worker: "PhotoDecoder", deadline: decoder.deadline))
        ) {
            try await second.value
        }
        gate.signal()
        await waitUntil("the abandoned decode returning") { !decoder.isBusy }
    }

    @Test("garbage is refused with the decoder's error, naming the format check")
    func garbage() async throws {
        let error = await #expect(throws: PhotoDecodingError.self) {
            try await PhotoDecoder(clock: ManualClock()).decodeRGB(Data("not a photo".utf8))
        }
        guard case .invalid(let why) = error else {
            Issue.record("expected .invalid, got \(String(describing: error))")
            return
        }
        #expect(why.kind == .unknownFormat)
    }
}
