/// Why a biometric test-set folder could not be scanned.
public struct TestSetScanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable {
        /// The folder is missing or cannot be listed.
        case unreadableFolder
        /// The folder holds no image files (or, for faces, no subject folders).
        case noImages
        /// An image file name does not fit the expected pattern.
        case unexpectedName
        /// Two files claim the same finger and impression.
        case duplicate
        /// A face subject folder holds no images.
        case emptySubject
        /// A face image sits directly in the top folder instead of a subject folder.
        case imageOutsideSubject
    }

    /// What went wrong.
    public let kind: Kind
    /// The file or folder at fault.
    public let path: String
    /// What a fitting folder has there.
    public let expected: String
    /// What was found.
    public let found: String

    public var description: String { "\(path): \(kind.rawValue), expected \(expected), found \(found)" }
}
