import Foundation
import Synchronization
import TerminalDaemon
import Testing

@Suite("Free space before an enrollment")
struct StorageSpaceTests {
    struct ProbeFailed: Error, CustomStringConvertible {
        var description: String { "statvfs /data: Input/output error" }
    }

    @Test("below the threshold: refused, naming the free space, the folder and the threshold")
    func below() throws {
        let space = StorageSpace(path: "/data", probe: { _ in 12 * 1024 * 1024 })
        let error = try #require(throws: LowStorageSpace.self) { try space.check() }
        #expect(error.freeBytes == 12 * 1024 * 1024)
        #expect(error.minimumFreeBytes == StorageSpace.minimumFreeBytes)
        #expect(
            error.description
                == "only 12 MiB free on the filesystem of /data (the store's), an enrollment needs at least 64 MiB free: free some space"
        )
    }

    @Test("at the threshold and above: accepted; the probe is asked about the store's folder")
    func atThreshold() throws {
        let asked = StorageProbeLog()
        let space = StorageSpace(
            path: "/data",
            probe: {
                asked.append($0)
                return StorageSpace.minimumFreeBytes
            })
        try space.check()
        #expect(asked.paths == ["/data"])
    }

    @Test("a probe that fails refuses too (110), with its reason")
    func probeFails() throws {
        let space = StorageSpace(path: "/data", probe: { _ in throw ProbeFailed() })
        let error = try #require(throws: LowStorageSpace.self) { try space.check() }
        #expect(error.freeBytes == nil)
        #expect(error.description.contains("statvfs /data: Input/output error"))
    }

    @Test("the store's filesystem: its folder, or the nearest existing one above it")
    func folder() throws {
        let temporary = FileManager.default.temporaryDirectory.path
        #expect(StorageSpace(storePath: temporary + "/terminal.sqlite").path == temporary)
        #expect(StorageSpace(storePath: temporary + "/not/yet/there/terminal.sqlite").path == temporary)
        #expect(StorageSpace(storePath: "/terminal.sqlite").path == "/")
    }

    @Test("statvfs measures a real filesystem")
    func realProbe() throws {
        #expect(try StorageSpace.fileSystemProbe("/") > 0)
        #expect(throws: StorageProbeError.self) { try StorageSpace.fileSystemProbe("/no/such/folder") }
    }
}

final class StorageProbeLog: Sendable {
    private let log = Mutex<[String]>([])
    func append(_ path: String) { log.withLock { $0.append(path) } }
    var paths: [String] { log.withLock { $0 } }
}
