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

    /// The member, nil when neither the store knows the userid nor the verifier confirms it. Throws
    /// `MemberLookupError` when the verifier gave no answer (110, not 108: nobody said "unknown").
    public func member(_ id: UserID) async throws -> Member? {
        if let known = try await store.member(id) { return known }
        guard let verifier else { return nil }
        switch await verifier.verifyUnknownMember(id) {
        case .inScope(let confirmed):
            try await store.rememberMember(confirmed)
            return confirmed
        case .notInScope:
            return nil
        case .noAnswer(let why):
            throw MemberLookupError.noAnswer(id, why)
        }
    }
}

/// What a `MemberVerifier` says about a userid the store does not know.
public enum MemberVerification: Sendable, Hashable {
    /// The userid is in the device's scope: this member.
    case inScope(Member)
    /// The verifier answered: the userid is not in the device's scope (108).
    case notInScope
    /// No answer came (timeout, not connected, an error response); the detail is for logs (110).
    case noAnswer(String)
}

/// A member look-up that could not decide.
public enum MemberLookupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The userid is not in the store and the verifier gave no answer.
    case noAnswer(UserID, String)

    public var description: String {
        switch self {
        case .noAnswer(let id, let why): "check_userid \(id): expected an answer, got none: \(why)"
        }
    }
}
