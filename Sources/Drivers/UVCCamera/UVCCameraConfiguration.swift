import Imaging
import V4L2

/// How `UVCCameraDriver` finds and sets up its camera.
public struct UVCCameraConfiguration: Sendable {
    /// The node to open; nil discovers the first streaming capture device in `discoveryDirectory`.
    public var devicePath: String?
    /// Where discovery looks for `videoN` nodes.
    public var discoveryDirectory: String
    /// The frame size wanted; the offered size nearest to it is taken.
    public var preferredSize: V4L2Size
    /// Acceptable frame rates; the offered rate inside it closest to `preferredFramesPerSecond` is taken.
    public var framesPerSecond: ClosedRange<Double>
    /// The frame rate wanted.
    public var preferredFramesPerSecond: Double
    /// MMAP buffers to request.
    public var bufferCount: UInt32
    /// Decides which frames are IR-strobe black frames.
    public var darkFrameDetector: DarkFrameDetector
    /// After this many dark frames in a row the dark frame is delivered anyway (the lens may be covered).
    public var maximumConsecutiveDarkFrames: Int
    /// After this many undecodable frames in a row `nextGrayFrame` gives up with a device fault.
    public var maximumConsecutiveDamagedFrames: Int
    /// How long one MJPEG frame may take to decode (waiting behind an earlier frame included).
    public var frameDecodeDeadline: Duration

    /// A VGA MJPEG frame decodes in a few milliseconds; one that takes a second is hostile or broken.
    public static let standardFrameDecodeDeadline: Duration = .seconds(1)

    /// A configuration with defaults suited to a 640×480 IR face camera.
    public init(
        devicePath: String? = nil, discoveryDirectory: String = "/dev",
        preferredSize: V4L2Size = V4L2Size(width: 640, height: 480),
        framesPerSecond: ClosedRange<Double> = 15...30, preferredFramesPerSecond: Double = 30,
        bufferCount: UInt32 = 4, darkFrameDetector: DarkFrameDetector = DarkFrameDetector(),
        maximumConsecutiveDarkFrames: Int = 30, maximumConsecutiveDamagedFrames: Int = 30,
        frameDecodeDeadline: Duration = UVCCameraConfiguration.standardFrameDecodeDeadline
    ) {
        self.devicePath = devicePath
        self.discoveryDirectory = discoveryDirectory
        self.preferredSize = preferredSize
        self.framesPerSecond = framesPerSecond
        self.preferredFramesPerSecond = preferredFramesPerSecond
        self.bufferCount = bufferCount
        self.darkFrameDetector = darkFrameDetector
        self.maximumConsecutiveDarkFrames = max(1, maximumConsecutiveDarkFrames)
        self.maximumConsecutiveDamagedFrames = max(1, maximumConsecutiveDamagedFrames)
        self.frameDecodeDeadline = frameDecodeDeadline
    }
}
