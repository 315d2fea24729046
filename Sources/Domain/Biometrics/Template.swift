import struct Foundation.Data

/// A non-reversible biometric template: the only biometric data that ever leaves the terminal.
/// Raw fingerprint images and face frames are never wrapped in this type.
public struct Template: Hashable, Sendable {
    public let modality: Modality
    public let algorithm: AlgorithmID
    public let data: Data

    public init(modality: Modality, algorithm: AlgorithmID, data: Data) {
        self.modality = modality
        self.algorithm = algorithm
        self.data = data
    }
}

/// A template held in a member's slot.
public struct StoredTemplate: Hashable, Sendable {
    public let userid: UserID
    public let slot: SlotID
    public let template: Template

    public init(userid: UserID, slot: SlotID, template: Template) {
        self.userid = userid
        self.slot = slot
        self.template = template
    }
}
