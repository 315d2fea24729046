import SystemSupport

/// A protection key or key file was rejected; names the field or file and what was expected.
public enum FaceKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key field held a wrong value.
    case malformed(field: String, detail: String)
    /// There is no key file: faces stay off until the operator installs the enterprise's key.
    case missing(path: String)
    /// The key file can be read by others than its owner (and the process's own group); names the fix.
    case exposed(FileExposure)
    /// The key file could not be created, read or replaced.
    case io(path: String, detail: String)
    /// `create` found a key file already there.
    case alreadyExists(path: String)

    public var description: String {
        switch self {
        case .malformed(let field, let detail): "face key \(field): \(detail)"
        case .missing(let path): "face key file \(path) does not exist"
        case .exposed(let exposure): "face key file \(exposure)"
        case .io(let path, let detail): "face key file \(path): \(detail)"
        case .alreadyExists(let path): "face key file \(path) already exists"
        }
    }
}
