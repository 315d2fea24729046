#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal's copy of the tenant key: a 40-byte file ("AFK1", version as big-endian UInt32, 32 key
/// bytes) with mode 0600. Loading refuses any other size, magic or mode.
public struct FaceProtectionKeyFile: Sendable, Hashable {
    /// File signature.
    static let magic: [UInt8] = Array("AFK1".utf8)
    /// Exact file length.
    public static let fileSize = 4 + 4 + FaceProtectionKey.byteCount

    /// The file's path.
    public let path: String

    /// Names the key file at `path` (nothing is read yet).
    public init(path: String) { self.path = path }

    /// Creates the file with a fresh key (or `key`) and mode 0600; fails if it already exists.
    @discardableResult
    public func create(key: FaceProtectionKey = .generate()) throws(FaceKeyError) -> FaceProtectionKey {
        try store(key, at: path, exclusive: true)
        return key
    }

    /// Reads and validates the key.
    public func load() throws(FaceKeyError) -> FaceProtectionKey {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw .io(path: path, detail: "cannot open: \(errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, detail: "cannot stat: \(errnoText())") }
        let mode = UInt32(info.st_mode) & 0o777
        guard mode & 0o077 == 0 else { throw .insecurePermissions(path: path, mode: mode) }
        guard Int(info.st_size) == Self.fileSize else {
            throw .malformed(field: "file size", detail: "\(info.st_size) bytes, expected \(Self.fileSize)")
        }
        var bytes = [UInt8](repeating: 0, count: Self.fileSize)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, Self.fileSize) }
        guard count == Self.fileSize else {
            throw .io(path: path, detail: "read \(count) of \(Self.fileSize) bytes: \(errnoText())")
        }
        guard Array(bytes[0..<4]) == Self.magic else {
            let found = bytes[0..<4].map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
            throw .malformed(field: "magic", detail: "bytes \(found), expected \"AFK1\" (41 46 4B 31)")
        }
        let version = bytes[4..<8].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        return try FaceProtectionKey(version: version, bytes: Array(bytes[8...]))
    }

    /// Replaces the key with a fresh one of the next version (atomically: temporary file then rename).
    /// Templates protected with the old key no longer match; members re-enroll their faces.
    @discardableResult
    public func rotate() throws(FaceKeyError) -> FaceProtectionKey {
        let current = try load()
        guard current.version < UInt32.max else {
            throw .malformed(field: "key version", detail: "\(current.version) cannot be incremented")
        }
        let next = FaceProtectionKey.generate(version: current.version + 1)
        let temporary = path + ".rotating"
        unlink(temporary)
        try store(next, at: temporary, exclusive: true)
        guard rename(temporary, path) == 0 else {
            let detail = errnoText()
            unlink(temporary)
            throw .io(path: path, detail: "cannot replace: \(detail)")
        }
        return next
    }

    /// Loads the key, creating the file with a fresh key first if there is none.
    public func loadOrCreate() throws(FaceKeyError) -> FaceProtectionKey {
        if access(path, F_OK) != 0, errno == ENOENT {
            do {
                return try create()
            } catch .alreadyExists {
                // Another process created it between the check and the create.
            }
        }
        return try load()
    }

    private func store(_ key: FaceProtectionKey, at target: String, exclusive: Bool) throws(FaceKeyError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (exclusive ? O_EXCL : O_TRUNC)
        let fd = open(target, flags, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw .alreadyExists(path: target) }
            throw .io(path: target, detail: "cannot create: \(errnoText())")
        }
        defer { close(fd) }
        // The umask may only remove bits, but be explicit about the final mode.
        guard fchmod(fd, 0o600) == 0 else { throw .io(path: target, detail: "cannot chmod 600: \(errnoText())") }
        var bytes = Self.magic
        bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: key.version >> $0) }
        bytes += key.bytes
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw .io(path: target, detail: "wrote \(written) of \(bytes.count) bytes: \(errnoText())")
        }
    }

    private func errnoText() -> String { String(cString: strerror(errno)) }
}
