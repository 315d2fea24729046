import Biometrics

/// How the flow finds the member of a request: in the store, else (when a verifier is installed) by
/// asking it; a member it confirms is remembered in the store.
public struct MemberLookup: Sendable {
    public let store: any EnrollmentStore
    public let verifier: (any MemberVerifier)?

    public init(store: any EnrollmentStore, verifier: (any MemberVerifier)?) {
        self.store = store
        self.verifier = verifier
    }

    /// The member, nil when neither the store nor the verifier knows the userid.
    public func member(_ id: UserID) async throws -> Member? {
        if let known = try await store.member(id) { return known }
        guard let verifier, let confirmed = await verifier.verifyUnknownMember(id) else { return nil }
        try await store.rememberMember(confirmed)
        return confirmed
    }
}
