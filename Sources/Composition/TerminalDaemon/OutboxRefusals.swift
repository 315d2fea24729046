import WeComDevice

/// What the uploader does with the cloud's non-zero `errcode`s (one table; the codes are the cloud
/// simulator's, `WeComCloudSim.CloudErrorCode`, as no official table exists).
public enum OutboxRefusals {
    /// Refusals no retry can fix: the row's content is at fault. A row refused for one of these on its
    /// own is retried `triesBeforeGivingUp` times in all, then given up (kept, marked, logged, shown by
    /// `attendctl outbox`).
    public static let permanent: [Int: String] = [
        600110: "invalid parameter",
        600113: "too many items",
        600120: "template data is not valid base64",
        600121: "template data is an image, not a template",
        600124: "algorithm not declared at subscribe_corp",
        600125: "result without any template",
    ]

    /// Refusals that spend the batch's `oper_id` (unknown, answered or cancelled; or too late): the rows
    /// lose it and are sent again at once as a plain re-push, which is idempotent.
    public static let operationSpent: Set<Int> = [600122, 600123]

    /// Refusals of the session, not of the rows (not logged in / registered / authorised): the whole
    /// batch backs off; splitting it would only repeat the refusal.
    public static let session: Set<Int> = [
        ErrorCode.notAuthorised, ErrorCode.notRegistered, ErrorCode.notActive, ErrorCode.notLoggedIn,
    ]

    /// Times a row is sent and refused for a permanent reason before it is given up.
    public static let triesBeforeGivingUp = 3

    /// True when no retry can fix `errcode`.
    public static func isPermanent(_ errcode: Int) -> Bool { permanent[errcode] != nil }
}
