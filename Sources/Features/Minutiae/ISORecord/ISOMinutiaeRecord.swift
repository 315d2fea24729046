/// An ISO/IEC 19794-2:2005 finger minutiae record: one header and one or more finger views.
///
/// Coordinates are pixels of the capture image, angles follow `Minutia` (radians, counter-clockwise as
/// seen on the image); on the wire an angle is one byte in units of 360/256 degrees.
public struct ISOMinutiaeRecord: Sendable, Hashable {
    /// Capture equipment compliance, 4 bits (0 = no certification claimed).
    public var captureEquipmentCompliance: Int
    /// Capture equipment ID, 12 bits (0 = unreported).
    public var captureEquipmentID: Int
    /// Image width in pixels.
    public var width: Int
    /// Image height in pixels.
    public var height: Int
    /// Horizontal resolution in pixels per centimetre.
    public var xResolution: Int
    /// Vertical resolution in pixels per centimetre.
    public var yResolution: Int
    /// The finger views, in record order.
    public var views: [FingerView]

    /// A record with the given header fields and views.
    public init(
        captureEquipmentCompliance: Int = 0, captureEquipmentID: Int = 0, width: Int, height: Int,
        xResolution: Int = MinutiaeSet.standardResolution,
        yResolution: Int = MinutiaeSet.standardResolution, views: [FingerView]
    ) {
        self.captureEquipmentCompliance = captureEquipmentCompliance
        self.captureEquipmentID = captureEquipmentID
        self.width = width
        self.height = height
        self.xResolution = xResolution
        self.yResolution = yResolution
        self.views = views
    }
}

/// One finger view of an ISO record: the minutiae of one impression of one finger.
public struct FingerView: Sendable, Hashable {
    /// ISO finger position code 0-10 (0 unknown, 1 right thumb ... 10 left little finger).
    public var fingerPosition: Int
    /// View number 0-15, distinguishing impressions of the same finger in one record.
    public var viewNumber: Int
    /// Impression type: 0 live-scan plain, 1 live-scan rolled, 2 non-live plain, 3 non-live rolled, 8 swipe.
    public var impressionType: Int
    /// Finger quality 0-100.
    public var fingerQuality: Int
    /// The minutiae of this view (at most 255).
    public var minutiae: [Minutia]

    /// Impression type codes ISO/IEC 19794-2:2005 defines.
    public static let validImpressionTypes: Set<Int> = [0, 1, 2, 3, 8]

    /// A view with the given fields.
    public init(
        fingerPosition: Int = 0, viewNumber: Int, impressionType: Int = 0, fingerQuality: Int,
        minutiae: [Minutia]
    ) {
        self.fingerPosition = fingerPosition
        self.viewNumber = viewNumber
        self.impressionType = impressionType
        self.fingerQuality = fingerQuality
        self.minutiae = minutiae
    }
}
