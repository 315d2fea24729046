import ClockTesting
import FaceEnrollment
import Foundation
import HostileImages
import SystemSupport
import Testing

/// The decoder of pushed photos: on its own worker, one photo at a time, each by its deadline.
@Suite("PhotoDecoder: pushed photos decoded off the cooperative pool, by a deadline")
struct PhotoDecoderTests {
    /// A 3-megapixel progressive JPEG with 80 extra scans: within every limits profile's scan budget, so
    /// it decodes, and that takes about a hundred milliseconds, far longer than a test clock's deadline
    /// takes to pass.
    static let slowPhoto = Data(HostileImage.progressiveScanBomb(width: 2000, height: 1500, extraScans: 80))

    @Test("a photo decodes to RGB")
    func decodes() async throws {
        guard FaceTestSupport.dataAvailable else { return }
        let photo = try Data(
            contentsOf: FaceTestSupport.facesDirectory.appendingPathComponent(
                "face_recognition_examples/obama-480p.jpg"))
        let frame = try await PhotoDecoder().decodeRGB(photo)
        #expect(frame.height == 480)
    }

    @Test("a decode still running at its deadline is abandoned; the photo behind it is refused without running")
    func deadline() async throws {
        // The deadline passes as soon as anyone waits for it.
        let decoder = PhotoDecoder(limits: .standard, clock: ManualClock(sleeping: .jumpsToDeadline))
        let slow = Self.slowPhoto
        let first = Task { () async throws(PhotoDecodingError) in try await decoder.decodeRGB(slow) }
        await #expect(
            throws: PhotoDecodingError.worker(.deadlinePassed(worker: "PhotoDecoder", deadline: decoder.deadline))
        ) {
            try await first.value
        }
        // The abandoned decode still holds the worker.
        #expect(decoder.isBusy)
        await #expect(
            throws: PhotoDecodingError.worker(
                .stillBehindEarlierJob(worker: "PhotoDecoder", deadline: decoder.deadline))
        ) {
            try await decoder.decodeRGB(slow)
        }
    }

    @Test("garbage is refused with the decoder's error, naming the format check")
    func garbage() async throws {
        let error = await #expect(throws: PhotoDecodingError.self) {
            try await PhotoDecoder().decodeRGB(Data("not a photo".utf8))
        }
        guard case .invalid(let why) = error else {
            Issue.record("expected .invalid, got \(String(describing: error))")
            return
        }
        #expect(why.kind == .unknownFormat)
    }
}
