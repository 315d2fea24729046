/// Which way a person went through the door: `pass_type` of a check-in record (DOC 93985: 1 in, 2 out,
/// 3 direction unknown). A record without `pass_type` produces no access-control record (attendance only);
/// a terminal that does not know its door's direction sends `.unknown`, so that every passage is both an
/// attendance and an access record.
public enum PassDirection: Int, Sendable, Hashable, Codable, CaseIterable {
    case entry = 1
    case exit = 2
    case unknown = 3
}
