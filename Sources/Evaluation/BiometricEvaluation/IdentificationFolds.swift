/// Which fingers play which part in one fold of the 1:N accuracy run: enrolled members (probed with
/// their other impressions), impostors (never enrolled, every impression probes) and the sources of the
/// synthetic entries that pad the gallery. Within a folder the fingers take the three roles in turn
/// (finger i of the sorted list: role (i + fold) mod 3), so that over three folds every finger is
/// enrolled once, an impostor once and a source once, and no finger ever plays two roles in one fold
/// (a synthetic copy of an impostor would be a genuine match, one of a member a rival to it).
public enum IdentificationRole: Int, Sendable, Hashable, CaseIterable {
    /// Enrolled; its probe impressions must find it.
    case enrolled
    /// Not enrolled; every impression must find nobody.
    case impostor
    /// Seeds synthetic gallery entries.
    case source

    /// Number of folds that give every finger every role once.
    public static let folds = allCases.count

    /// The role of the finger at `index` (of its folder's sorted finger list) in `fold`.
    public static func of(index: Int, fold: Int) -> IdentificationRole {
        IdentificationRole(rawValue: (index + fold) % folds)!
    }
}
