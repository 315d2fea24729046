import SystemSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The terminal's copy of the tenant key: a 40-byte file ("AFK1", version as big-endian UInt32, 32 key
/// bytes), created 0600. Loading refuses any other size or magic, and a mode that lets others read it
/// (`PrivateFiles`). Nothing here creates a key as a side effect of loading one: a terminal that made
/// its own key could never match the templates the other terminals of its enterprise sync through the
/// cloud, so the operator creates the key once (`attendctl face key init`) and copies that file.
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
        let descriptor: Int32
        do {
            descriptor = try PrivateFiles.create(path, exclusive: true)
        } catch {
            if error.error.code == EEXIST { throw .alreadyExists(path: path) }
            throw .io(path: path, detail: error.error.message(error.call))
        }
        defer { close(descriptor) }
        do {
            try PrivateFiles.writeAll(Self.encode(key), to: descriptor, path: path)
        } catch {
            unlink(path)
            throw .io(path: path, detail: error.error.message(error.call))
        }
        return key
    }

    /// Whether something is at the path (a key file or not).
    public var exists: Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Reads and validates the key.
    public func load() throws(FaceKeyError) -> FaceProtectionKey {
        let descriptor: Int32
        switch retryingOnInterrupt({ open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }) {
        case .success(let opened): descriptor = opened
        case .failure(let error) where error.code == ENOENT: throw .missing(path: path)
        case .failure(let error): throw .io(path: path, detail: "cannot open: \(error)")
        }
        defer { close(descriptor) }
        let exposure: FileExposure?
        do {
            exposure = try PrivateFiles.exposure(ofDescriptor: descriptor, path: path)
        } catch {
            throw .io(path: path, detail: error.error.message(error.call))
        }
        if let exposure { throw .exposed(exposure) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .io(path: path, detail: "cannot stat: \(errnoText())") }
        guard info.st_size == Self.fileSize else {
            throw .malformed(field: "file size", detail: "\(info.st_size) bytes, expected \(Self.fileSize)")
        }
        var bytes = [UInt8](repeating: 0, count: Self.fileSize)
        let count = bytes.withUnsafeMutableBytes { buffer in
            retryingOnInterrupt { read(descriptor, buffer.baseAddress, Self.fileSize) }
        }
        guard case .success(Self.fileSize) = count else {
            throw .io(path: path, detail: "short read of \(Self.fileSize) bytes: \(count)")
        }
        guard Array(bytes[0..<4]) == Self.magic else {
            let found = bytes[0..<4].map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
            throw .malformed(field: "magic", detail: "bytes \(found), expected \"AFK1\" (41 46 4B 31)")
        }
        let version = bytes[4..<8].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        return try FaceProtectionKey(version: version, bytes: Array(bytes[8...]))
    }

    /// Replaces the key with a fresh one of the next version (atomically: a new file, then a rename).
    /// Templates protected with the old key no longer match; members re-enroll their faces.
    @discardableResult
    public func rotate() throws(FaceKeyError) -> FaceProtectionKey {
        let current = try load()
        guard current.version < UInt32.max else {
            throw .malformed(field: "key version", detail: "\(current.version) cannot be incremented")
        }
        return try replace(with: FaceProtectionKey.generate(version: current.version + 1))
    }

    /// Puts `key` in place of whatever is at the path (atomically), with mode 0600.
    @discardableResult
    public func replace(with key: FaceProtectionKey) throws(FaceKeyError) -> FaceProtectionKey {
        do {
            try PrivateFiles.replace(path, with: Self.encode(key))
        } catch {
            throw .io(path: path, detail: "cannot replace: \(error.error.message(error.call))")
        }
        return key
    }

    static func encode(_ key: FaceProtectionKey) -> [UInt8] {
        magic + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: key.version >> $0) } + key.bytes
    }

    private func errnoText() -> String { String(cString: strerror(errno)) }
}
