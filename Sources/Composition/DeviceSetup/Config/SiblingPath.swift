/// Paths derived from a configured one (the status file and the face key beside the store), in plain
/// Swift: `NSString.deletingLastPathComponent` traps on some one-character paths in this Foundation
/// (found by fuzz-config with `"store": {"path": "a"}`).
public enum SiblingPath {
    /// The folder holding `path`: "." for a bare name, "/" for a name at the root.
    public static func directory(of path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        let folder = String(trimmed[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// `name` in the folder holding `path`.
    public static func named(_ name: String, besides path: String) -> String {
        let folder = directory(of: path)
        return folder == "/" ? "/\(name)" : "\(folder)/\(name)"
    }
}
