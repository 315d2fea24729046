/// One template slot of a member: fingerprint 0-9 or face 0-11.
public struct SlotID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let modality: Modality
    public let index: Int

    /// Fails when `index` is outside the modality's range.
    public init?(_ modality: Modality, _ index: Int) {
        guard modality.slotRange.contains(index) else { return nil }
        self.modality = modality
        self.index = index
    }

    public static func all(_ modality: Modality) -> [SlotID] {
        modality.slotRange.map { SlotID(modality, $0)! }
    }

    /// The lowest slot of `modality` not in `occupied`, or nil when every slot is taken.
    public static func lowestFree(_ modality: Modality, occupied: Set<Int>) -> SlotID? {
        all(modality).first { !occupied.contains($0.index) }
    }

    public static func < (lhs: SlotID, rhs: SlotID) -> Bool {
        (lhs.modality.rawValue, lhs.index) < (rhs.modality.rawValue, rhs.index)
    }

    public var description: String { "\(modality.rawValue)#\(index)" }
}
