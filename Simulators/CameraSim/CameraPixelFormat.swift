internal import CV4L2

/// A pixel format the simulated camera can deliver.
public enum CameraPixelFormat: Sendable, Hashable, CaseIterable {
    /// 8-bit grey (V4L2_PIX_FMT_GREY).
    case grey
    /// Packed YUV 4:2:2 (V4L2_PIX_FMT_YUYV): Y from the grey image, U = V = 128.
    case yuyv
    /// Motion JPEG (V4L2_PIX_FMT_MJPEG), encoded by the configuration's `jpegEncoder`.
    case mjpeg

    /// The V4L2 fourcc.
    public var fourcc: UInt32 {
        switch self {
        case .grey: CV4L2_PIX_FMT_GREY
        case .yuyv: CV4L2_PIX_FMT_YUYV
        case .mjpeg: CV4L2_PIX_FMT_MJPEG
        }
    }

    /// The format with this fourcc, nil when the simulator does not know it.
    public init?(fourcc: UInt32) {
        guard let format = Self.allCases.first(where: { $0.fourcc == fourcc }) else { return nil }
        self = format
    }

    /// ENUM_FMT's description.
    var description: String {
        switch self {
        case .grey: "8-bit Greyscale"
        case .yuyv: "YUYV 4:2:2"
        case .mjpeg: "Motion-JPEG"
        }
    }

    var isCompressed: Bool { self == .mjpeg }

    /// Bytes per line as a driver reports it (0 for compressed formats).
    func bytesPerLine(width: Int) -> Int {
        switch self {
        case .grey: width
        case .yuyv: width * 2
        case .mjpeg: 0
        }
    }

    /// The buffer size a frame needs; MJPEG gets a generous bound, as UVC cameras report.
    func sizeImage(width: Int, height: Int) -> Int {
        switch self {
        case .grey: width * height
        case .yuyv: width * height * 2
        case .mjpeg: width * height * 2 + 4096
        }
    }
}

/// A frame size in pixels.
public struct CameraFrameSize: Sendable, Hashable, CustomStringConvertible {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// A size of `width` × `height` pixels.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height)" }
}
