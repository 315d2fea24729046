/// A protection key or key file was rejected; names the field or file and what was expected.
public enum FaceKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key field held a wrong value.
    case malformed(field: String, detail: String)
    /// The key file is readable by others than its owner.
    case insecurePermissions(path: String, mode: UInt32)
    /// The key file could not be created, read or replaced.
    case io(path: String, detail: String)
    /// `create` found a key file already there.
    case alreadyExists(path: String)

    public var description: String {
        switch self {
        case .malformed(let field, let detail): "face key \(field): \(detail)"
        case .insecurePermissions(let path, let mode):
            "face key file \(path) has mode \(String(mode, radix: 8)), expected 600 (owner read/write only)"
        case .io(let path, let detail): "face key file \(path): \(detail)"
        case .alreadyExists(let path): "face key file \(path) already exists; use rotate to replace it"
        }
    }
}
