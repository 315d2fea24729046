import Biometrics

/// The protocol's own limits (spec section 9, and the types section 4 gives fields), read by every request
/// and every decoder: a list longer than its limit is refused as a whole, naming the limit.
public enum ProtocolLimits {
    /// Users per `upload_userinfo`, `check_userid`, `get_userinfo_by_ids`, and per `get_userinfo_by_page`
    /// page; also the longest list an answer to one of them may carry.
    public static let usersPerRequest = 200
    /// Passage records per `checkin` (DOC 93985); also the longest `fail_list` its answer may carry.
    public static let recordsPerCheckin = 200
    /// Algorithms declared per modality in `subscribe_corp`.
    public static let algorithmsPerModality = 5
    /// Photos of one `push_user_face`: one per face slot.
    public static let photosPerUserFace = Modality.face.slotCount
    /// Members per list (`create_user`, `update_user`, `delete_user`) of one `push_change_contact`. The spec
    /// gives no limit (the daemon fetches them 200 a request); this is ours, fifty requests' worth. A longer
    /// list makes the push invalid; the perm_version comparison at the next login catches up.
    public static let usersPerContactChangeList = 10_000
    /// userid bytes in `push_change_contact` / `push_change_userid` (DOC 93995, 93997); pulls allow 128.
    public static let changePushUseridBytes = 64
    /// Entries of a member's `pass_rule_list` (the doc gives no number; a person has a handful of rules).
    public static let passRulesPerMember = 100
    /// `public_key` of a member, in bytes (a PEM key is well under 1 KiB).
    public static let publicKeyBytes = 4_096
    /// Members a full pull may list before it is refused (a terminal serves one enterprise site).
    public static let directoryMembers = 200_000
    /// A `timestamp` field: Unix seconds as a Uint32 (spec 4.3).
    public static let timestampSeconds: ClosedRange<Int64> = 0...Int64(UInt32.max)
    /// A `get_timestamp` answer the device will sign with: a Uint32 of Unix seconds no earlier than 2018
    /// (the cloud ignores check-ins from before 2018; a server clock earlier than that is broken). Also the
    /// range of a `checkin` record's `timestamp`: the cloud drops earlier ones without a word (DOC 93985).
    public static let serverClockSeconds: ClosedRange<Int64> = SaneWallClock.earliestUnixSeconds...Int64(UInt32.max)
    /// A `perm_version`: a non-negative version number.
    public static let permVersion: ClosedRange<Int64> = 0...Int64.max
    /// A `photo_size` in bytes.
    public static let photoSize: ClosedRange<Int64> = 0...Int64.max
}
