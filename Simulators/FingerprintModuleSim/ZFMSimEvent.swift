import FingerprintModule

/// One thing the simulated module saw or did, e.g. "GenImg → 0x02 (no finger on the sensor)".
public struct ZFMSimEvent: Sendable, Hashable, CustomStringConvertible {
    /// The instruction received, when the event is about one.
    public let instruction: ZFMInstruction?
    /// The confirmation code answered, when one was sent.
    public let confirmation: ZFMConfirmationCode?
    /// What happened, in words.
    public let detail: String

    /// An event.
    public init(instruction: ZFMInstruction?, confirmation: ZFMConfirmationCode?, detail: String) {
        self.instruction = instruction
        self.confirmation = confirmation
        self.detail = detail
    }

    public var description: String {
        var text = instruction?.name ?? "link"
        if let confirmation { text += " → \(confirmation)" }
        if !detail.isEmpty { text += (confirmation == nil ? " → " : ": ") + detail }
        return text
    }
}
