import Biometrics
import DeviceSetup
import FingerprintModule
import FingerprintModuleSim
import Foundation
import Logging
import SimulatedWorld
import TerminalDaemon
import TerminalStore
import WeComDevice

/// Enrollment overhead: from the last accepted press to the `upload_userinfo` frame written, with
/// `members` other members' fingerprints in the store (so the duplicate check has real work).
struct EnrollmentOverheadBench {
    let members: Int
    let runs: Int
    /// The duplicate check: `.library` (HighSpeedSearch on the module's own library, the daemon's
    /// way) or `.pairwise` (two templates per candidate over the link, the baseline).
    let search: Search

    enum Search: String, Codable, CaseIterable {
        case library, pairwise
    }

    struct Result: Codable {
        let membersInStore: Int
        let runs: Int
        let duplicateSearch: Search
        let overheadMs: Summary
        let duplicateCheckMs: Summary
        let pushToUploadMs: Summary
        /// The result must reach the cloud within this long after the push.
        let resultBudgetMs: Double
        /// The median overhead as a share of that budget.
        let medianShareOfBudget: Double
    }

    func run() async throws -> Result {
        let probes = (0..<runs).map { String(format: "probe%03d", $0) }
        let stored = (0..<members).map { String(format: "member%04d", $0) }
        let world = try await BenchWorld.start(cloudMembers: probes)
        let path = temporaryStorePath("overhead")
        removeStore(path)
        defer { removeStore(path) }
        let store = try TerminalStore.open(path: path)
        let now = Date()
        for userid in stored {
            let id = try UserID(userid)
            try store.upsertMember(Member(userid: id))
            try store.storeTemplate(
                StoredTemplate(
                    userid: id, slot: SlotID(.fingerprint, 0)!,
                    template: BenchWorld.moduleTemplate(finger: userid + "-finger")),
                enrolledAt: now)
        }
        try store.upsertMembers(probes.map { Member(userid: try! UserID($0)) })

        let lastSample = Shared<ContinuousClock.Instant?>(nil)
        let uploadWritten = Shared<ContinuousClock.Instant?>(nil)
        let matching = Shared<Duration>(.zero)
        let module = ZFMModule(link: world.link)
        let device = FingerprintDevice(
            reader: TimingReader(inner: ZFMFingerprintReader(module: module), lastSample: lastSample),
            matcher: TimingMatcher(inner: ZFMMatcher(module: module), spent: matching),
            searcher: search == .library
                ? TimingSearcher(inner: ZFMLibrarySearcher(module: module), spent: matching) : nil,
            description: "simulated ZFM module, in-process link")
        var quiet = Logger(label: "bench")
        quiet.logLevel = .critical
        let running = try await world.simulated.startTerminal(
            config: try world.config(storePath: path), store: store, fingerprint: device,
            transport: TimingTransport(inner: WSClientTransport(), uploadWritten: uploadWritten),
            reporter: SilentReporter(answered: Shared([])), logger: quiet, loginTimeout: .seconds(60))
        defer { running.cancel() }

        var overheads: [Duration] = []
        var duplicateChecks: [Duration] = []
        var pushToUpload: [Duration] = []
        for probe in probes {
            lastSample.set(nil)
            uploadWritten.set(nil)
            matching.set(.zero)
            let pushed = ContinuousClock.now
            let operID = try await world.cloud.pushEnrollment(sn: BenchWorld.sn, userid: probe, pageType: .fingerprint)
            world.module.run(
                .presses(
                    SimulatedFinger(probe + "-finger"), press: .milliseconds(150), lift: .milliseconds(120), count: 3))
            let operation = try await world.cloud.waitForOperation(operID, timeout: .seconds(60))
            guard operation.status == .accepted else {
                throw BenchError("enrollment of \(probe) was \(operation.status.rawValue): \(operation.reason ?? "-")")
            }
            // The cloud can accept the upload before our send() has returned and set its mark.
            try await waitUntil("the upload frame of \(probe) is marked written", timeout: .seconds(5)) {
                lastSample.value != nil && uploadWritten.value != nil
            }
            let sample = lastSample.value!
            let written = uploadWritten.value!
            overheads.append(sample.duration(to: written))
            duplicateChecks.append(matching.value)
            pushToUpload.append(pushed.duration(to: written))
        }
        await world.stop()
        let overhead = Summary(overheads)
        return Result(
            membersInStore: members, runs: runs, duplicateSearch: search, overheadMs: overhead,
            duplicateCheckMs: Summary(duplicateChecks),
            pushToUploadMs: Summary(pushToUpload), resultBudgetMs: 60_000,
            medianShareOfBudget: overhead.median / 60_000)
    }
}
