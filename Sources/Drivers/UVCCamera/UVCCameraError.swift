import SystemSupport
import V4L2

/// Why the driver could not open or run its camera.
public enum UVCCameraError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Discovery found no streaming capture device.
    case noCaptureDevice(directory: String)
    /// The device offers none of GREY, YUYV or MJPEG.
    case noSupportedFormat(path: String, offered: [V4L2FourCC])
    /// A V4L2 call failed.
    case device(path: String, V4L2Error)
    /// Too many frames in a row could not be decoded.
    case tooManyDamagedFrames(path: String, count: Int)
    /// An MJPEG frame was not decoded by its deadline, or an earlier frame's decode still held the
    /// decode worker when this one's deadline passed.
    case frameDecoding(path: String, DeadlineWorkerError)

    public var description: String {
        switch self {
        case .noCaptureDevice(let directory):
            "no streaming V4L2 capture device in \(directory)"
        case .noSupportedFormat(let path, let offered):
            "\(path): offers \(offered.map(\.description)), expected one of GREY, YUYV, MJPG"
        case .device(let path, let error):
            "\(path): \(error)"
        case .tooManyDamagedFrames(let path, let count):
            "\(path): \(count) frames in a row could not be decoded"
        case .frameDecoding(let path, let error):
            "\(path): MJPEG frame decoding: \(error)"
        }
    }
}
