import Biometrics
import Foundation

/// A template in a member's slot, with when it was enrolled.
public struct EnrolledTemplate: Hashable, Sendable {
    public let userid: UserID
    public let slot: SlotID
    public let template: Template
    /// When the slot was last written.
    public let enrolledAt: Date

    public init(userid: UserID, slot: SlotID, template: Template, enrolledAt: Date) {
        self.userid = userid
        self.slot = slot
        self.template = template
        self.enrolledAt = enrolledAt
    }

    /// The domain view, without the enrollment time.
    public var stored: StoredTemplate { StoredTemplate(userid: userid, slot: slot, template: template) }
}
