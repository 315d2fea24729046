/// Limits of the enrollment quality gates (`enrollment.md`: one face, large enough, sharp, well exposed,
/// roughly frontal). Sharpness and brightness are measured on the aligned 150×150 chip, so they do not
/// depend on how large the face is in the frame.
public struct FaceQualityThresholds: Sendable, Hashable, Codable {
    /// Smallest accepted face box width in pixels (dlib's HOG finds faces from about 80 px).
    public var minimumFaceWidth: Int
    /// Smallest accepted `FaceQualityMeasurements.sharpness`.
    public var minimumSharpness: Double
    /// Accepted mean grey level of the aligned chip.
    public var brightness: ClosedRange<Double>
    /// Largest accepted |roll| in degrees.
    public var maximumRollDegrees: Double
    /// Largest accepted |yaw ratio| (see `FacePose.yawRatio`).
    public var maximumYawRatio: Double
    /// Accepted nose drop ratio (see `FacePose.noseDropRatio`).
    public var noseDropRatio: ClosedRange<Double>

    /// Creates thresholds; the defaults suit a VGA terminal camera at arm's length.
    public init(
        minimumFaceWidth: Int = 100,
        minimumSharpness: Double = 40,
        brightness: ClosedRange<Double> = 50...205,
        maximumRollDegrees: Double = 20,
        maximumYawRatio: Double = 0.2,
        noseDropRatio: ClosedRange<Double> = 0.5...1.1
    ) {
        self.minimumFaceWidth = minimumFaceWidth
        self.minimumSharpness = minimumSharpness
        self.brightness = brightness
        self.maximumRollDegrees = maximumRollDegrees
        self.maximumYawRatio = maximumYawRatio
        self.noseDropRatio = noseDropRatio
    }
}
