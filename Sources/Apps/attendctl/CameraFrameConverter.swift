import ImageFiles
import Imaging
import V4L2

/// Converts borrowed V4L2 frames (GREY, YUYV or MJPEG) into one reused grey frame.
final class CameraFrameConverter {
    let pixelFormat: PixelFormat
    private let decoder: JPEGDecoder
    /// The last converted frame.
    private(set) var gray = GrayFrame()
    /// MJPEG frames libjpeg-turbo decoded with a warning (usable but suspect).
    private(set) var damaged = 0
    /// Frames that could not be converted at all.
    private(set) var unconvertible = 0
    /// Why the last unconvertible frame failed.
    private(set) var lastFailure: String?

    init(pixelFormat: PixelFormat) throws {
        self.pixelFormat = pixelFormat
        decoder = try JPEGDecoder()
    }

    /// Converts `frame` into `gray`; false when it could not be converted (counted, with the reason kept).
    @discardableResult
    func convert(_ frame: V4L2Frame) -> Bool {
        let width = Int(frame.format.width)
        let height = Int(frame.format.height)
        let bytesPerLine = Int(frame.format.bytesPerLine)
        do {
            switch pixelFormat {
            case .grey:
                try PixelConversion.convert(
                    grey: frame.bytes, width: width, height: height, bytesPerLine: max(bytesPerLine, width), into: &gray
                )
            case .yuyv:
                try PixelConversion.convert(
                    yuyv: frame.bytes, width: width, height: height, bytesPerLine: max(bytesPerLine, 2 * width),
                    into: &gray)
            case .mjpeg:
                if case .damaged = try decoder.decode(frame.bytes, into: &gray) { damaged += 1 }
            }
            return true
        } catch {
            unconvertible += 1
            lastFailure = "frame \(frame.sequence): \(error)"
            return false
        }
    }
}
