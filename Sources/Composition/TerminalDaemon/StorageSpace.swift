import Biometrics
import DeviceSetup
import Enrollment
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Free space on the store's filesystem, checked before an enrollment starts: a commit that cannot be
/// written loses the template the member just gave, so a nearly full disk answers 110 up front.
public struct StorageSpace: Sendable {
    /// Below this many free bytes (for the daemon's user) no enrollment starts: a template, its outbox
    /// row, the enrollment log line and SQLite's WAL growth need far less, but a disk this full is
    /// about to fail every write.
    public static let minimumFreeBytes: UInt64 = 64 * 1024 * 1024

    /// Bytes free for an unprivileged writer on the filesystem that holds `path`.
    public typealias Probe = @Sendable (_ path: String) throws -> UInt64

    /// The folder whose filesystem is measured (the store's).
    public let path: String
    public let minimumFreeBytes: UInt64
    private let probe: Probe

    public init(
        path: String, minimumFreeBytes: UInt64 = Self.minimumFreeBytes, probe: @escaping Probe = Self.fileSystemProbe
    ) {
        self.path = path
        self.minimumFreeBytes = minimumFreeBytes
        self.probe = probe
    }

    /// The filesystem of the store file: its folder, or the nearest folder above that exists (the
    /// store may not have been created yet).
    public init(
        storePath: String, minimumFreeBytes: UInt64 = Self.minimumFreeBytes,
        probe: @escaping Probe = Self.fileSystemProbe
    ) {
        var folder = SiblingPath.directory(of: storePath)
        var isFolder: ObjCBool = false
        while !(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue),
            folder != "/", folder != "."
        {
            folder = SiblingPath.directory(of: folder)
        }
        self.init(path: folder, minimumFreeBytes: minimumFreeBytes, probe: probe)
    }

    /// Throws `LowStorageSpace` below the threshold, or when the free space cannot be measured.
    public func check() throws(LowStorageSpace) {
        let free: UInt64
        do {
            free = try probe(path)
        } catch {
            throw LowStorageSpace(path: path, freeBytes: nil, minimumFreeBytes: minimumFreeBytes, reason: "\(error)")
        }
        guard free >= minimumFreeBytes else {
            throw LowStorageSpace(path: path, freeBytes: free, minimumFreeBytes: minimumFreeBytes, reason: nil)
        }
    }

    /// `statvfs(3)`: blocks available to unprivileged users × fragment size.
    public static let fileSystemProbe: Probe = { path in
        var info = statvfs()
        guard statvfs(path, &info) == 0 else {
            throw StorageProbeError(path: path, code: errno)
        }
        let (bytes, overflow) = UInt64(info.f_bavail).multipliedReportingOverflow(by: UInt64(info.f_frsize))
        return overflow ? .max : bytes
    }
}

/// Too little free space to start an enrollment (answered 110).
public struct LowStorageSpace: Error, Equatable, CustomStringConvertible {
    public let path: String
    /// Nil when it could not be measured.
    public let freeBytes: UInt64?
    public let minimumFreeBytes: UInt64
    public let reason: String?

    public var description: String {
        let needed = "an enrollment needs at least \(Self.mebibytes(minimumFreeBytes)) free"
        guard let freeBytes else {
            return
                "cannot measure the free space of \(path) (the store's filesystem): \(reason ?? "unknown"); \(needed)"
        }
        return
            "only \(Self.mebibytes(freeBytes)) free on the filesystem of \(path) (the store's), \(needed): free some space"
    }

    static func mebibytes(_ bytes: UInt64) -> String {
        bytes >= 1024 * 1024 ? "\(bytes / (1024 * 1024)) MiB" : "\(bytes) bytes"
    }
}

/// `statvfs` failed.
public struct StorageProbeError: Error, CustomStringConvertible {
    public let path: String
    public let code: Int32
    public var description: String { "statvfs \(path): \(String(cString: strerror(code)))" }
}

/// The enrollment flow's store, refusing to start an enrollment (its first step, the member lookup)
/// when the store's filesystem is nearly full; the flow answers the error 110 (设备故障).
struct SpaceCheckedEnrollmentStore: EnrollmentStore {
    let store: any EnrollmentStore
    let space: StorageSpace
    let reporter: any TerminalReporter

    func member(_ id: UserID) async throws -> Member? {
        do {
            try space.check()
        } catch {
            reporter.report(.notice("enrollment of \(id) refused with 110: \(error)"))
            throw error
        }
        return try await store.member(id)
    }

    func rememberMember(_ member: Member) async throws {
        try await store.rememberMember(member)
    }

    func occupiedSlots(of id: UserID, modality: Modality) async throws -> Set<Int> {
        try await store.occupiedSlots(of: id, modality: modality)
    }

    func templates(modality: Modality, algorithm: AlgorithmID, excluding id: UserID) async throws -> [StoredTemplate] {
        try await store.templates(modality: modality, algorithm: algorithm, excluding: id)
    }

    func commitEnrollment(_ enrollment: CommittedEnrollment) async throws {
        try await store.commitEnrollment(enrollment)
    }
}
