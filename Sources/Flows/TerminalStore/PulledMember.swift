import Biometrics

/// A member as the cloud describes it in a pull (`get_userinfo_by_page` / `get_userinfo_by_ids`), reduced to
/// what this terminal keeps. For each modality in `slots` the cloud's answer is the whole truth: a slot it
/// does not list is empty in the cloud. Modalities absent from `slots` are left as they are (not requested,
/// or sent in an algorithm this terminal did not declare).
public struct PulledMember: Sendable, Hashable {
    public var member: Member
    /// `pass_rule_list` exactly as the cloud gave it (JSON text), nil when absent.
    public var passRules: String?
    /// `public_key` as given, nil when absent.
    public var publicKey: String?
    /// The cloud's templates by modality and slot index.
    public var slots: [Modality: [Int: Template]]

    public init(member: Member, passRules: String? = nil, publicKey: String? = nil, slots: [Modality: [Int: Template]])
    {
        self.member = member
        self.passRules = passRules
        self.publicKey = publicKey
        self.slots = slots
    }
}

/// Where a member on the terminal came from.
public enum MemberOrigin: String, Sendable, Hashable, CaseIterable {
    /// Enrolled on this terminal at least once (the cloud asked, or locally).
    case enrolled
    /// Known only from the cloud's directory.
    case pulled
}

/// A member with what the directory sync keeps beside it.
public struct DirectoryMember: Sendable, Hashable {
    public var member: Member
    public var origin: MemberOrigin
    public var passRules: String?
    public var publicKey: String?

    public init(member: Member, origin: MemberOrigin, passRules: String?, publicKey: String?) {
        self.member = member
        self.origin = origin
        self.passRules = passRules
        self.publicKey = publicKey
    }
}

/// What applying pulled members changed in the store.
public struct DirectoryChangeCount: Sendable, Hashable {
    /// Templates written (new or different bytes).
    public var templatesWritten = 0
    /// Templates removed because the cloud no longer lists their slot.
    public var templatesRemoved = 0
    /// Slots the cloud's answer would have changed but that hold a newer local enrollment not yet uploaded.
    public var slotsKeptForUpload = 0
    /// Members removed (deleted in the cloud, or not listed by a finished full pull).
    public var membersRemoved = 0

    public init() {}

    public var changedTemplates: Bool { templatesWritten + templatesRemoved + membersRemoved > 0 }

    public static func + (a: Self, b: Self) -> Self {
        var sum = a
        sum.templatesWritten += b.templatesWritten
        sum.templatesRemoved += b.templatesRemoved
        sum.slotsKeptForUpload += b.slotsKeptForUpload
        sum.membersRemoved += b.membersRemoved
        return sum
    }
}
