import Biometrics

/// What the enrollment flow needs from the terminal's storage.
public protocol EnrollmentStore: Sendable {
    /// The member as the terminal knows it, nil when unknown.
    func member(_ id: UserID) async throws -> Member?
    /// Keeps a member that a `MemberVerifier` confirmed, so the next lookup finds it locally.
    func rememberMember(_ member: Member) async throws
    /// Indices of the member's slots of `modality` that hold a template.
    func occupiedSlots(of id: UserID, modality: Modality) async throws -> Set<Int>
    /// Every stored template of `modality`/`algorithm` except those of member `id`.
    func templates(modality: Modality, algorithm: AlgorithmID, excluding id: UserID) async throws -> [StoredTemplate]
    /// Template + outbox row in ONE transaction; the result is delivered only after this returns.
    func commitEnrollment(_ enrollment: CommittedEnrollment) async throws
}

/// Who confirms a member the store does not know (WeCom's `check_userid`).
public protocol MemberVerifier: Sendable {
    /// Whether the userid is in the device's scope, or that no answer came.
    func verifyUnknownMember(_ id: UserID) async -> MemberVerification
}

/// Where enrollment results go (the WeCom upload path).
public protocol EnrollmentResultSink: Sendable {
    /// A committed success; the sink uploads it (with oper_id when `reportableOperID` is set).
    func deliverSuccess(_ enrollment: CommittedEnrollment) async
    /// A failure for a cloud operation (oper_id set), never for cancelled ones.
    func deliverFailure(_ failure: FailedEnrollment) async
}
