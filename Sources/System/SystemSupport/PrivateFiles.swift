#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Files that hold secrets or personal data: the store and its WAL/SHM files, the status file, the
/// face key and the device-secret file. The one place their modes are decided: they are created
/// owner-only whatever the umask, and one that others can read is refused with the `chmod` that fixes it.
///
/// The rule: the owner may read and write; the process's own (effective) group may read, so that an
/// operator group can be given 0640; nobody else gets anything, and no group may write.
public enum PrivateFiles {
    /// The mode every private file is created with: owner read/write.
    public static let fileMode: mode_t = 0o600
    /// The most a private file may allow: owner read/write, read for the process's own group.
    public static let widestMode: mode_t = 0o640
    /// Folders made for private files: the owner's; the owner's group may enter them (for 0640 files).
    public static let directoryMode: mode_t = 0o750

    /// What is wrong with the mode of the file at `path`, or nil when nothing is (or there is no file).
    /// Follows symbolic links, as opening the path would.
    public static func exposure(of path: String) throws(PrivateFileError) -> FileExposure? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw PrivateFileError(path: path, call: "stat", error: SystemCallError(code: code))
        }
        return exposure(path: path, info: info)
    }

    /// What is wrong with the mode of the open file `descriptor` (named `path` in the answer), or nil.
    public static func exposure(ofDescriptor descriptor: Int32, path: String) throws(PrivateFileError)
        -> FileExposure?
    {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw PrivateFileError(path: path, call: "fstat", error: SystemCallError(code: errno))
        }
        return exposure(path: path, info: info)
    }

    private static func exposure(path: String, info: stat) -> FileExposure? {
        let mode = info.st_mode & 0o7777
        let groupMayRead = info.st_gid == getegid()
        let allowed: mode_t = (mode & 0o700) | (groupMayRead ? mode & 0o040 : 0)
        guard mode != allowed else { return nil }
        return FileExposure(path: path, mode: mode, fixedMode: allowed, group: info.st_gid, processGroup: getegid())
    }

    /// Creates the missing folders on the way to `folder` with `directoryMode` (whatever the umask);
    /// folders that exist are left as they are.
    public static func createDirectories(_ folder: String) throws(PrivateFileError) {
        var prefix = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") where !component.isEmpty {
            prefix += "/" + component
            if mkdir(prefix, directoryMode) == 0 {
                guard chmod(prefix, directoryMode) == 0 else {
                    throw PrivateFileError(path: prefix, call: "chmod", error: SystemCallError(code: errno))
                }
                continue
            }
            let code = errno
            var info = stat()
            guard code == EEXIST, stat(prefix, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw PrivateFileError(
                    path: prefix, call: "mkdir", error: SystemCallError(code: code == EEXIST ? ENOTDIR : code))
            }
        }
    }

    /// Opens `path` for writing, creating it with `mode` (`fileMode` unless told) whatever the umask;
    /// `exclusive`: fails with EEXIST when it exists, else truncates it. Does not follow a symbolic
    /// link at `path`. The caller closes the descriptor.
    public static func create(_ path: String, exclusive: Bool, mode: mode_t = fileMode) throws(PrivateFileError)
        -> Int32
    {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (exclusive ? O_EXCL : O_TRUNC)
        let descriptor: Int32
        switch retryingOnInterrupt({ open(path, flags, mode) }) {
        case .success(let opened): descriptor = opened
        case .failure(let error): throw PrivateFileError(path: path, call: "open", error: error)
        }
        // The umask only removes bits; fchmod also narrows a file that existed with wider ones.
        guard fchmod(descriptor, mode) == 0 else {
            let code = errno
            close(descriptor)
            throw PrivateFileError(path: path, call: "fchmod", error: SystemCallError(code: code))
        }
        return descriptor
    }

    /// Creates an empty file at `path` with `fileMode` unless something is there already; true when
    /// it created one.
    @discardableResult
    public static func createEmptyIfMissing(_ path: String) throws(PrivateFileError) -> Bool {
        do {
            let descriptor = try create(path, exclusive: true)
            close(descriptor)
            return true
        } catch  where error.error.code == EEXIST {
            return false
        }
    }

    /// Writes all of `bytes` to `descriptor`, then flushes them to the disk.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(PrivateFileError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                retryingOnInterrupt { write(descriptor, buffer.baseAddress! + offset, buffer.count - offset) }
            }
            switch written {
            case .success(let count): offset += count
            case .failure(let error): throw PrivateFileError(path: path, call: "write", error: error)
            }
        }
        guard fsync(descriptor) == 0 else {
            throw PrivateFileError(path: path, call: "fsync", error: SystemCallError(code: errno))
        }
    }

    /// Replaces the file at `path` with `bytes` atomically (`path.new` beside it, then a rename), so a
    /// reader sees the old or the new content, never half. The new file gets `mode` (`fileMode` unless
    /// told) whatever the umask. A `path.new` left by a process killed mid-write is replaced, not
    /// followed (it could be a link planted there) and not left to pile up.
    public static func replace(_ path: String, with bytes: [UInt8], mode: mode_t = fileMode)
        throws(PrivateFileError)
    {
        let temporary = path + ".new"
        unlink(temporary)
        let descriptor = try create(temporary, exclusive: true, mode: mode)
        do {
            try writeAll(bytes, to: descriptor, path: temporary)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw PrivateFileError(path: path, call: "rename", error: SystemCallError(code: code))
        }
    }

    /// The mode a replacement of `path` should get: the present file's when it is allowed (an operator
    /// may have given the process's group read access), else `fileMode`.
    public static func modeToKeep(_ path: String) -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0, exposure(path: path, info: info) == nil else { return fileMode }
        return info.st_mode & widestMode
    }
}

/// A private file that someone besides its owner (and, read-only, the process's own group) can reach.
public struct FileExposure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// Its permission bits, e.g. 0o644.
    public let mode: mode_t
    /// The permission bits it should have: the same with what others may not have taken away.
    public let fixedMode: mode_t
    /// The file's group.
    public let group: gid_t
    /// The group that may read it: the process's effective group.
    public let processGroup: gid_t

    public init(path: String, mode: mode_t, fixedMode: mode_t, group: gid_t, processGroup: gid_t) {
        self.path = path
        self.mode = mode
        self.fixedMode = fixedMode
        self.group = group
        self.processGroup = processGroup
    }

    /// The command that fixes it, e.g. `chmod 600 /var/lib/attendanced/terminal.sqlite`.
    public var fix: String { "chmod \(String(fixedMode, radix: 8)) \(Self.shellQuoted(path))" }

    /// Who can reach the file, in words.
    public var who: String {
        var parties: [String] = []
        if mode & 0o007 != 0 { parties.append("every user") }
        if mode & 0o070 != 0 {
            if group != processGroup && mode & 0o040 != 0 {
                parties.append("group \(Self.groupName(group)), which is not this process's group")
            } else if mode & 0o030 != 0 {
                parties.append("group \(Self.groupName(group)) beyond reading")
            }
        }
        if mode & 0o7000 != 0 { parties.append("setuid/setgid/sticky bits") }
        return parties.isEmpty ? "more than its owner" : parties.joined(separator: " and ")
    }

    public var description: String {
        "\(path) has mode \(String(mode, radix: 8)), open to \(who) (allowed: 600, or 640 for this process's group \(Self.groupName(processGroup))); fix: \(fix)"
    }

    static func groupName(_ id: gid_t) -> String {
        guard let entry = getgrgid(id), let name = entry.pointee.gr_name else { return "\(id)" }
        return "\(String(cString: name)) (gid \(id))"
    }

    static func shellQuoted(_ path: String) -> String {
        let plain = path.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte | 0x20)
                || "/._-+,:@%".utf8.contains(byte)
        }
        return plain ? path : "'" + path.replacingSingleQuotes() + "'"
    }
}

extension String {
    fileprivate func replacingSingleQuotes() -> String {
        split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''")
    }
}

/// A system call on a private file failed.
public struct PrivateFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file or folder.
    public let path: String
    /// The call that failed, e.g. "open".
    public let call: String
    /// Its errno.
    public let error: SystemCallError

    public init(path: String, call: String, error: SystemCallError) {
        self.path = path
        self.call = call
        self.error = error
    }

    public var description: String { "\(path): \(error.message(call))" }
}
