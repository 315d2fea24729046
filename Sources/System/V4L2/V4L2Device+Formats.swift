import CV4L2

/// One entry of VIDIOC_ENUM_FMT.
public struct V4L2PixelFormat: Sendable, Hashable {
    /// The pixel format code.
    public let fourcc: V4L2FourCC
    /// The driver's human-readable name.
    public let description: String
    /// Compressed (e.g. MJPEG) rather than raw pixels.
    public let isCompressed: Bool
    /// Produced by software emulation rather than the hardware.
    public let isEmulated: Bool
}

/// The frame sizes a driver offers for one pixel format (VIDIOC_ENUM_FRAMESIZES).
public enum V4L2FrameSizes: Sendable, Hashable {
    case discrete([V4L2Size])
    case stepwise(min: V4L2Size, max: V4L2Size, step: V4L2Size)
    case continuous(min: V4L2Size, max: V4L2Size)
}

/// The frame intervals a driver offers for one format and size (VIDIOC_ENUM_FRAMEINTERVALS).
public enum V4L2FrameIntervals: Sendable, Hashable {
    case discrete([V4L2Fraction])
    case stepwise(min: V4L2Fraction, max: V4L2Fraction, step: V4L2Fraction)
    case continuous(min: V4L2Fraction, max: V4L2Fraction)
}

/// A single-planar video-capture format (`struct v4l2_pix_format`), as the driver set it.
public struct V4L2Format: Sendable, Hashable {
    public var width: UInt32
    public var height: UInt32
    public var pixelFormat: V4L2FourCC
    /// Bytes per row; 0 for compressed formats.
    public var bytesPerLine: UInt32
    /// Largest frame in bytes.
    public var sizeImage: UInt32
    /// Field order (`enum v4l2_field`); 1 is progressive (V4L2_FIELD_NONE).
    public var field: UInt32

    public init(
        width: UInt32, height: UInt32, pixelFormat: V4L2FourCC,
        bytesPerLine: UInt32 = 0, sizeImage: UInt32 = 0, field: UInt32 = V4L2_FIELD_NONE.rawValue
    ) {
        self.width = width
        self.height = height
        self.pixelFormat = pixelFormat
        self.bytesPerLine = bytesPerLine
        self.sizeImage = sizeImage
        self.field = field
    }

    init(_ pix: v4l2_pix_format) {
        self.init(
            width: pix.width, height: pix.height, pixelFormat: V4L2FourCC(rawValue: pix.pixelformat),
            bytesPerLine: pix.bytesperline, sizeImage: pix.sizeimage, field: pix.field)
    }
}

extension V4L2Device {
    /// VIDIOC_ENUM_FMT for video capture, until the driver answers EINVAL (at most
    /// `V4L2Budget.maxEnumeratedEntries` formats).
    public func pixelFormats() throws(V4L2Error) -> [V4L2PixelFormat] {
        var formats: [V4L2PixelFormat] = []
        try V4L2ResponseChecks.enumerate(.enumerateFormats) { index throws(V4L2Error) -> Bool in
            var raw = v4l2_fmtdesc()
            raw.index = index
            raw.type = videoCaptureBufferType
            do throws(V4L2Error) {
                try control(.enumerateFormats, &raw)
            } catch .invalidArgument {
                return false
            }
            formats.append(
                V4L2PixelFormat(
                    fourcc: V4L2FourCC(rawValue: raw.pixelformat),
                    description: decodeFixedCString(raw.description),
                    isCompressed: raw.flags & UInt32(V4L2_FMT_FLAG_COMPRESSED) != 0,
                    isEmulated: raw.flags & UInt32(V4L2_FMT_FLAG_EMULATED) != 0))
            return true
        }
        return formats
    }

    /// VIDIOC_ENUM_FRAMESIZES for `fourcc`. Every size is checked against `V4L2Budget.maxFrameDimension`,
    /// a range must run from min to max with a step of at least 1.
    public func frameSizes(for fourcc: V4L2FourCC) throws(V4L2Error) -> V4L2FrameSizes {
        var sizes: [V4L2Size] = []
        var range: V4L2FrameSizes?
        try V4L2ResponseChecks.enumerate(.enumerateFrameSizes) { index throws(V4L2Error) -> Bool in
            var raw = v4l2_frmsizeenum()
            raw.index = index
            raw.pixel_format = fourcc.rawValue
            do throws(V4L2Error) {
                try control(.enumerateFrameSizes, &raw)
            } catch .invalidArgument where index > 0 {
                return false
            }
            switch raw.type {
            case V4L2_FRMSIZE_TYPE_DISCRETE.rawValue:
                let request = V4L2Request.enumerateFrameSizes
                try V4L2ResponseChecks.dimension(raw.discrete.width, field: "discrete.width", request)
                try V4L2ResponseChecks.dimension(raw.discrete.height, field: "discrete.height", request)
                sizes.append(V4L2Size(width: raw.discrete.width, height: raw.discrete.height))
                return true
            case V4L2_FRMSIZE_TYPE_STEPWISE.rawValue, V4L2_FRMSIZE_TYPE_CONTINUOUS.rawValue:
                let s = raw.stepwise
                let min = V4L2Size(width: s.min_width, height: s.min_height)
                let max = V4L2Size(width: s.max_width, height: s.max_height)
                if raw.type == V4L2_FRMSIZE_TYPE_CONTINUOUS.rawValue {
                    try V4L2ResponseChecks.sizeRange(min: min, max: max, step: V4L2Size(width: 1, height: 1))
                    range = .continuous(min: min, max: max)
                } else {
                    let step = V4L2Size(width: s.step_width, height: s.step_height)
                    try V4L2ResponseChecks.sizeRange(min: min, max: max, step: step)
                    range = .stepwise(min: min, max: max, step: step)
                }
                return false
            default:
                throw .malformedResponse(
                    operation: V4L2Request.enumerateFrameSizes.name, field: "type",
                    expected: "1 (discrete), 2 (continuous) or 3 (stepwise)", got: "\(raw.type)")
            }
        }
        return range ?? .discrete(sizes)
    }

    /// VIDIOC_ENUM_FRAMEINTERVALS for `fourcc` at `size` (at most `V4L2Budget.maxEnumeratedEntries`).
    public func frameIntervals(for fourcc: V4L2FourCC, size: V4L2Size) throws(V4L2Error) -> V4L2FrameIntervals {
        var intervals: [V4L2Fraction] = []
        var range: V4L2FrameIntervals?
        try V4L2ResponseChecks.enumerate(.enumerateFrameIntervals) { index throws(V4L2Error) -> Bool in
            var raw = v4l2_frmivalenum()
            raw.index = index
            raw.pixel_format = fourcc.rawValue
            raw.width = size.width
            raw.height = size.height
            do throws(V4L2Error) {
                try control(.enumerateFrameIntervals, &raw)
            } catch .invalidArgument where index > 0 {
                return false
            }
            switch raw.type {
            case V4L2_FRMIVAL_TYPE_DISCRETE.rawValue:
                intervals.append(try validInterval(raw.discrete, field: "discrete"))
                return true
            case V4L2_FRMIVAL_TYPE_STEPWISE.rawValue, V4L2_FRMIVAL_TYPE_CONTINUOUS.rawValue:
                let min = try validInterval(raw.stepwise.min, field: "stepwise.min")
                let max = try validInterval(raw.stepwise.max, field: "stepwise.max")
                if raw.type == V4L2_FRMIVAL_TYPE_CONTINUOUS.rawValue {
                    range = .continuous(min: min, max: max)
                } else {
                    let step = V4L2Fraction(
                        numerator: raw.stepwise.step.numerator, denominator: raw.stepwise.step.denominator)
                    range = .stepwise(min: min, max: max, step: step)
                }
                return false
            default:
                throw .malformedResponse(
                    operation: V4L2Request.enumerateFrameIntervals.name, field: "type",
                    expected: "1 (discrete), 2 (continuous) or 3 (stepwise)", got: "\(raw.type)")
            }
        }
        return range ?? .discrete(intervals)
    }

    /// VIDIOC_G_FMT: the current capture format, checked against `V4L2Budget` (size, bytes per line, image size).
    public func format() throws(V4L2Error) -> V4L2Format {
        var raw = v4l2_format()
        raw.type = videoCaptureBufferType
        try control(.getFormat, &raw)
        let format = V4L2Format(raw.fmt.pix)
        try V4L2ResponseChecks.format(format, .getFormat)
        return format
    }

    /// VIDIOC_S_FMT: asks for `format` and returns what the driver actually set (it may adjust any field),
    /// checked as `format()` is.
    @discardableResult
    public func setFormat(_ format: V4L2Format) throws(V4L2Error) -> V4L2Format {
        try exchangeFormat(.setFormat, format)
    }

    /// VIDIOC_TRY_FMT: what the driver would set for `format`, without changing the device.
    public func tryFormat(_ format: V4L2Format) throws(V4L2Error) -> V4L2Format {
        try exchangeFormat(.tryFormat, format)
    }

    /// VIDIOC_G_PARM: the current frame interval (seconds per frame).
    public func frameInterval() throws(V4L2Error) -> V4L2Fraction {
        var raw = v4l2_streamparm()
        raw.type = videoCaptureBufferType
        try control(.getParameters, &raw)
        return try validInterval(
            raw.parm.capture.timeperframe, field: "parm.capture.timeperframe", request: .getParameters)
    }

    /// VIDIOC_S_PARM: asks for `interval` and returns the interval the driver chose.
    @discardableResult
    public func setFrameInterval(_ interval: V4L2Fraction) throws(V4L2Error) -> V4L2Fraction {
        var raw = v4l2_streamparm()
        raw.type = videoCaptureBufferType
        raw.parm.capture.timeperframe = v4l2_fract(numerator: interval.numerator, denominator: interval.denominator)
        try control(.setParameters, &raw)
        return try validInterval(
            raw.parm.capture.timeperframe, field: "parm.capture.timeperframe", request: .setParameters)
    }

    /// VIDIOC_S_FMT / VIDIOC_TRY_FMT on the buffer queue `bufferType` (capture unless said otherwise).
    func exchangeFormat(
        _ request: V4L2Request, _ format: V4L2Format, bufferType: UInt32 = videoCaptureBufferType
    ) throws(V4L2Error) -> V4L2Format {
        var raw = v4l2_format()
        raw.type = bufferType
        raw.fmt.pix.width = format.width
        raw.fmt.pix.height = format.height
        raw.fmt.pix.pixelformat = format.pixelFormat.rawValue
        raw.fmt.pix.field = format.field
        raw.fmt.pix.bytesperline = format.bytesPerLine
        raw.fmt.pix.sizeimage = format.sizeImage
        try control(request, &raw)
        let result = V4L2Format(raw.fmt.pix)
        try V4L2ResponseChecks.format(result, request)
        return result
    }

    private func validInterval(
        _ fraction: v4l2_fract, field: String, request: V4L2Request = .enumerateFrameIntervals
    ) throws(V4L2Error) -> V4L2Fraction {
        guard fraction.numerator != 0, fraction.denominator != 0 else {
            throw .malformedResponse(
                operation: request.name, field: field, expected: "a non-zero fraction",
                got: "\(fraction.numerator)/\(fraction.denominator)")
        }
        return V4L2Fraction(numerator: fraction.numerator, denominator: fraction.denominator)
    }
}
