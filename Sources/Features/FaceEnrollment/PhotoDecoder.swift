import Foundation
import ImageFiles
import Imaging
import SystemSupport

/// Decodes the photos the cloud pushes (`push_user_face` → `download_photo`): untrusted bytes, so they
/// are decoded under the photo limits, on a worker of their own (never on the cooperative pool), one
/// photo at a time and each by `deadline`. A decode stuck past its deadline keeps only this worker's
/// thread; the next photo waits for it at most its own deadline and is then refused.
public struct PhotoDecoder: Sendable {
    /// How long one photo may take to decode, waiting behind an earlier one included. Within the photo
    /// limits the slowest photo (16 megapixels, progressive, 64 scans) takes a few seconds of a loaded
    /// 2-core terminal; a usual phone photo a fraction of one.
    public static let standardDeadline: Duration = .seconds(5)
    /// The decoders' budgets for a photo.
    public static let standardLimits: ImageLimits = .photo

    /// The decoding itself, run on the worker: bytes and limits to an RGB frame.
    public typealias Decode = @Sendable ([UInt8], ImageLimits) throws(ImageFileError) -> RGBFrame

    public let limits: ImageLimits
    public let deadline: Duration
    private let worker: DeadlineWorker
    private let decode: Decode

    /// A decoder with its own worker; `clock` measures the deadline. `decode` is `ImageFile.decodeRGB`
    /// (tests wrap it to hold a decode on the worker for as long as they need).
    public init(
        limits: ImageLimits = PhotoDecoder.standardLimits, deadline: Duration = PhotoDecoder.standardDeadline,
        clock: any Clock<Duration> = ContinuousClock(),
        decode: @escaping Decode = { (bytes, limits) throws(ImageFileError) in
            try ImageFile.decodeRGB(bytes, limits: limits)
        }
    ) {
        self.limits = limits
        self.deadline = deadline
        self.decode = decode
        worker = DeadlineWorker(label: "PhotoDecoder", clock: clock)
    }

    /// Whether a decode is queued or running (perhaps one abandoned at its deadline).
    public var isBusy: Bool { worker.unfinishedJobs > 0 }

    /// Whether a decode is running now (perhaps one abandoned at its deadline).
    public var isDecoding: Bool { worker.isRunningJob }

    /// The photo as RGB, or why not.
    public func decodeRGB(_ photo: Data) async throws(PhotoDecodingError) -> RGBFrame {
        let result: Result<RGBFrame, ImageFileError>
        do {
            result = try await worker.run(deadline: deadline) { [limits, decode] in
                Result { () throws(ImageFileError) in try decode([UInt8](photo), limits) }
            }
        } catch {
            throw .worker(error)
        }
        do {
            return try result.get()
        } catch {
            throw .invalid(error)
        }
    }
}

/// Why a photo gave no image.
public enum PhotoDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an image, or one over the photo limits (size, pixels, work).
    case invalid(ImageFileError)
    /// The decoder ran past its deadline (`.deadlinePassed`), or an earlier photo's decode still held
    /// the worker when this one's deadline came (`.stillBehindEarlierJob`), or the caller was cancelled.
    case worker(DeadlineWorkerError)

    public var description: String {
        switch self {
        case .invalid(let error): "\(error)"
        case .worker(let error): "\(error)"
        }
    }
}
