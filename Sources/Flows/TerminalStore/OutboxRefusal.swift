import Foundation

/// The cloud's last refusal of an outbox row (a non-zero `errcode` for the row's user alone).
public struct OutboxRefusal: Hashable, Sendable {
    public let errcode: Int
    public let errmsg: String

    public init(errcode: Int, errmsg: String) {
        self.errcode = errcode
        self.errmsg = errmsg
    }
}

/// A row the uploader stopped sending: the cloud refused it for a reason no retry can fix, as often as
/// the uploader allows. It stays in the store (the template is still enrolled locally) until a newer
/// row for its slot supersedes it or an operator removes it.
public struct OutboxGiveUp: Hashable, Sendable {
    /// When the row was given up.
    public let at: Date
    /// The refusal that made the uploader give up.
    public let refusal: OutboxRefusal

    public init(at: Date, refusal: OutboxRefusal) {
        self.at = at
        self.refusal = refusal
    }
}
