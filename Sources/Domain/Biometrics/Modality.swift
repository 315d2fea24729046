/// The two biometric modalities WeCom enrolls. Raw values are the protocol's `page_type`.
public enum Modality: String, Sendable, Hashable, Codable, CaseIterable {
    case fingerprint = "fp"
    case face = "fa"

    /// Slots per member: fingerprints 0-9 (ten fingers), faces 0-11.
    public var slotCount: Int {
        switch self {
        case .fingerprint: 10
        case .face: 12
        }
    }

    public var slotRange: ClosedRange<Int> { 0...(slotCount - 1) }
}
