extension ISOMinutiaeRecord {
    /// A record holding one view per set (one per enrollment press), view numbers 0, 1, 2...
    /// The header takes the largest image size and the first set's resolution.
    public init(
        sets: [MinutiaeSet], fingerPosition: Int = 0, impressionType: Int = 0,
        captureEquipmentID: Int = 0
    ) {
        let views = sets.enumerated().map { index, set in
            FingerView(
                fingerPosition: fingerPosition, viewNumber: index, impressionType: impressionType,
                fingerQuality: set.quality, minutiae: set.minutiae)
        }
        let resolution = sets.first?.pixelsPerCentimetre ?? MinutiaeSet.standardResolution
        self.init(
            captureEquipmentID: captureEquipmentID, width: sets.map(\.width).max() ?? 0,
            height: sets.map(\.height).max() ?? 0, xResolution: resolution, yResolution: resolution,
            views: views)
    }

    /// One `MinutiaeSet` per view, with the header's image size and x resolution.
    /// Angles come back quantised to the record's 360/256-degree units.
    public var minutiaeSets: [MinutiaeSet] {
        views.map { view in
            MinutiaeSet(
                width: width, height: height, pixelsPerCentimetre: xResolution,
                quality: view.fingerQuality, minutiae: view.minutiae)
        }
    }
}
