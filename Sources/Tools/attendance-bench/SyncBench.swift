import Biometrics
import FingerprintModuleSim
import Foundation
import Measuring
import Synchronization
import TerminalStore

/// One full directory pull by a real `attendanced` on a fresh store, timed from the process's start:
/// the daemon's output tells when it logged in and when the pull finished ("directory: pulled v…");
/// the simulated module tells when its flash library holds every template that fits; /proc tells the
/// daemon's memory. The store is read after the daemon has stopped.
struct SyncBench {
    let world: DaemonWorld
    let executable: String
    let directory: SyncDirectory
    let librarySize: Int
    let timeout: Duration

    static let poll: Duration = .milliseconds(20)

    struct Measurement: Codable {
        let loginSeconds: Double
        /// From the login line to the "directory: pulled" line.
        let pullSeconds: Double
        /// From the daemon's start to the "directory: pulled" line.
        let pullFromStartSeconds: Double
        /// The store's record: finishedAt − startedAt (the daemon's own wall clock).
        let pullRecordSeconds: Double
        /// From the "directory: pulled" line until the module library held every template that fits.
        let moduleSeconds: Double
        /// From the daemon's start until the library held them.
        let totalSeconds: Double
        let pages: Int
        let members: Int
        let templates: Int
        let skippedTemplates: Int
        let storeMembers: Int
        let storeFingerprintTemplates: Int
        let storeFaceTemplates: Int
        let libraryPages: Int
        /// Library pages whose bytes are not one of the directory's fingerprint templates (must be 0).
        let libraryStrangers: Int
        let memoryAtLogin: ProcessMemory
        /// CPU seconds from the login to the end of the pull (sampled within a poll of each): the daemon's,
        /// and the bench process's (the cloud simulator serving the pages, and the polling).
        let pullDaemonCPUSeconds: Double
        let pullBenchCPUSeconds: Double
        let memoryAtEnd: ProcessMemory
        /// Notices about the directory that say something was not applied or not brought in step.
        let problems: [String]
        let sigtermClean: Bool
    }

    private struct Marks {
        var login: ContinuousClock.Instant?
        var pulled: ContinuousClock.Instant?
        var problems: [String] = []
    }

    func run() async throws -> Measurement {
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: world.logPath))
        defer { try? log.close() }
        let marks = Mutex(Marks())
        let start = ContinuousClock.now
        let daemon = try SoakDaemon(
            executable: executable, arguments: ["--config", world.configPath, "--log-level", "warning"],
            environment: world.environment, log: log, generation: 1
        ) { line in
            let now = ContinuousClock.now
            marks.withLock { marks in
                if marks.login == nil, line.contains("session"), line.hasSuffix("logged in") { marks.login = now }
                if line.contains("directory: pulled v") { marks.pulled = now }
                if line.contains("directory:"), line.contains("not applied") || line.contains("not brought in step") {
                    marks.problems.append(line)
                }
            }
        }
        var memoryAtLogin: ProcessMemory?
        var cpuAtLogin: (daemon: Double, bench: ProcessCPUTime)?
        var cpuAtPull: (daemon: Double, bench: ProcessCPUTime)?
        var memoryAtEnd: ProcessMemory?
        var libraryFull: ContinuousClock.Instant?
        let expected = min(librarySize, directory.fingerprints.count)
        do {
            while true {
                guard daemon.isRunning else { throw BenchError("attendanced exited before the sync ended") }
                guard start.duration(to: .now) < timeout else {
                    throw BenchError(
                        "the sync did not end within \(timeout): \(libraryPages()) of \(expected) library pages, "
                            + (marks.withLock { $0.pulled } == nil ? "no pull finished" : "the pull finished"))
                }
                let memory = try ProcessMemory.read(pid: daemon.pid)
                let (login, pulled) = marks.withLock { ($0.login, $0.pulled) }
                if login != nil, memoryAtLogin == nil {
                    memoryAtLogin = memory
                    cpuAtLogin = (try ProcessCPU.seconds(pid: daemon.pid), ProcessCPUTime.now())
                }
                if pulled != nil, cpuAtPull == nil {
                    cpuAtPull = (try ProcessCPU.seconds(pid: daemon.pid), ProcessCPUTime.now())
                }
                if libraryFull == nil, libraryPages() == expected, pulled != nil { libraryFull = .now }
                if libraryFull != nil {
                    memoryAtEnd = memory
                    break
                }
                try await Task.sleep(for: Self.poll)
            }
        } catch {
            _ = await daemon.terminate(grace: .seconds(10))
            throw error
        }
        let stopped = await daemon.terminate(grace: .seconds(30))
        let (login, pulled, problems) = marks.withLock { ($0.login!, $0.pulled!, $0.problems) }
        let store = try readStore()
        let strangers = (0..<librarySize).count { page in
            world.module.storedTemplate(page: page).map { !directory.fingerprints.contains($0) } ?? false
        }
        return Measurement(
            loginSeconds: start.duration(to: login).seconds, pullSeconds: login.duration(to: pulled).seconds,
            pullFromStartSeconds: start.duration(to: pulled).seconds,
            pullRecordSeconds: store.record.finishedAt.timeIntervalSince(store.record.startedAt),
            moduleSeconds: pulled.duration(to: libraryFull!).seconds,
            totalSeconds: start.duration(to: libraryFull!).seconds, pages: store.record.pages,
            members: store.record.members, templates: store.record.templates,
            skippedTemplates: store.record.skippedTemplates, storeMembers: store.members,
            storeFingerprintTemplates: store.templates[.fingerprint] ?? 0,
            storeFaceTemplates: store.templates[.face] ?? 0, libraryPages: libraryPages(),
            libraryStrangers: strangers, memoryAtLogin: memoryAtLogin!,
            pullDaemonCPUSeconds: cpuAtPull!.daemon - cpuAtLogin!.daemon,
            pullBenchCPUSeconds: (cpuAtPull!.bench - cpuAtLogin!.bench).totalMilliseconds / 1000,
            memoryAtEnd: memoryAtEnd!,
            problems: problems, sigtermClean: stopped.clean)
    }

    /// Library pages that hold a template now.
    private func libraryPages() -> Int {
        (0..<librarySize).count { world.module.storedTemplate(page: $0) != nil }
    }

    private func readStore() throws -> (record: DirectoryPullRecord, members: Int, templates: [Modality: Int]) {
        let store = try TerminalStore.open(path: world.storePath)
        defer { try? store.close() }
        guard let record = try store.lastDirectoryPull() else {
            throw BenchError("the store at \(world.storePath) records no finished directory pull")
        }
        return (record, try store.memberCount(), try store.templateCounts())
    }
}
