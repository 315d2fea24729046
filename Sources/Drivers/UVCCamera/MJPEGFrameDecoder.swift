import ImageFiles
import Imaging
import SystemSupport

/// Decodes a camera's MJPEG frames off the cooperative pool: on a worker of the camera's own, one frame at
/// a time, each by a deadline. The bytes come from a USB device and may be hostile (a progressive frame with
/// thousands of scans); a decode stuck past its deadline keeps only this camera's worker thread.
struct MJPEGFrameDecoder: Sendable {
    let deadline: Duration
    private let worker: DeadlineWorker

    init(deadline: Duration, clock: any Clock<Duration>) {
        self.deadline = deadline
        worker = DeadlineWorker(label: "UVCCamera.mjpeg", clock: clock)
    }

    /// The frame as grey; nil when it is damaged (undecodable, decoded with a warning, or declaring more
    /// than `maximumPixelCount` pixels, the negotiated size).
    func decodeGray(_ jpeg: [UInt8], maximumPixelCount: Int) async throws(DeadlineWorkerError) -> GrayFrame? {
        try await worker.run(deadline: deadline) {
            // A tjhandle is not thread-safe; one per frame keeps the decoder on the job that uses it.
            guard let decoder = try? JPEGDecoder(maximumPixelCount: maximumPixelCount),
                case .intact(let frame)? = try? decoder.decodeGray(jpeg)
            else { return nil }
            return frame
        }
    }
}
