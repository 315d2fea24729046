import Biometrics
import Foundation
import Logging
import Synchronization
import TerminalStore
import TerminalTesting
import Testing
import WeComDevice

@testable import TerminalDaemon

/// Seconds since boot, set by the test.
final class ManualUptime: Sendable {
    private let seconds = Mutex<Double>(1000)
    var now: Double { seconds.withLock { $0 } }
    func advance(by delta: Double) { seconds.withLock { $0 += delta } }
    var boot: BootClock { BootClock(bootID: "boot-a", uptime: { self.now }) }
}

/// A cloud that answers `checkin` as told and remembers what it was sent.
final class FakeCheckinCloud: CheckinSending {
    private let state = Mutex<(requests: [Checkin], failUsers: Set<String>, down: Bool)>(([], [], false))

    var requests: [Checkin] { state.withLock { $0.requests } }
    func failUsers(_ users: Set<String>) { state.withLock { $0.failUsers = users } }
    func setDown(_ down: Bool) { state.withLock { $0.down = down } }

    func checkin(_ request: Checkin) async throws -> CheckinResponse {
        try state.withLock { state in
            state.requests.append(request)
            if state.down { throw WeComError.notConnected }
            return CheckinResponse(
                failed: request.records.filter { state.failUsers.contains($0.userid.rawValue) }.map {
                    CheckinFailure(userid: $0.userid, userType: $0.userType, timestamp: $0.timestamp)
                })
        }
    }
}

@Suite("Passage uploader: committed passages reach the cloud with checkin, none dropped silently")
struct PassageUploaderTests {
    let store: TerminalStore
    let cloud = FakeCheckinCloud()
    let wall = ManualWallClock()
    let uptime = ManualUptime()
    let reporter = RecordingReporter()

    init() throws { store = try TerminalStore.inMemory() }

    private func uploader(history: PassageHistory = .standard) -> PassageUploader {
        PassageUploader(
            store: store, cloud: cloud, wallClock: wall.function,
            boot: uptime.boot, history: history,
            reporter: reporter, logger: Logger(label: "test"))
    }

    private func pass(_ userid: String, _ modality: Modality = .fingerprint, at: Date? = nil) throws {
        try store.recordPassage(
            PassageDraft(
                userid: try UserID(userid), userType: .employee, modality: modality, direction: .entry,
                at: at ?? wall.now, uptime: uptime.now, bootID: "boot-a"))
    }

    @Test(
        "a wall clock far off the cloud's (get_timestamp) dates passages with the cloud's time; a near one is kept",
        arguments: [(Int64(-200_000_000), true), (3600, true), (120, false), (nil, false)])
    func cloudClockCorrectsAFarOffWallClock(offset: Int64?, corrected: Bool) async throws {
        // A terminal whose RTC lost its battery: the wall clock reads 1_800_000_000 plus whatever; the cloud
        // says how far off it is.
        let uploader = PassageUploader(
            store: store, cloud: cloud, wallClock: wall.function, cloudOffset: { offset }, boot: uptime.boot,
            reporter: reporter, logger: Logger(label: "test"))
        try await uploader.record(userid: try UserID("wangwu"), userType: .employee, modality: .fingerprint)
        #expect(await uploader.flush().acknowledged == 1)
        let sent = try #require(cloud.requests.last?.records.first)
        let wallSeconds = Int64(wall.now.timeIntervalSince1970)
        #expect(sent.timestamp == (corrected ? wallSeconds + (offset ?? 0) : wallSeconds))
    }

    @Test("an unset wall clock and no answer from the cloud: the passage waits undated; the cloud's time dates it")
    func unsetClockWaitsForTheCloud() async throws {
        let unset = ManualWallClock(Date(timeIntervalSince1970: 86_400))
        let offset = Mutex<Int64?>(nil)
        let uploader = PassageUploader(
            store: store, cloud: cloud, wallClock: unset.function, cloudOffset: { offset.withLock { $0 } },
            boot: uptime.boot, reporter: reporter, logger: Logger(label: "test"))
        try await uploader.record(userid: try UserID("wangwu"), userType: .employee, modality: .face)
        #expect(await uploader.flush().undated == 1)
        #expect(cloud.requests.isEmpty, "nothing from before 2018 is ever sent")
        uptime.advance(by: 30)
        offset.withLock { $0 = 1_800_000_000 - 86_400 }
        #expect(await uploader.flush().acknowledged == 1)
        let sent = try #require(cloud.requests.last?.records.first)
        #expect(sent.timestamp == 1_800_000_000 - 30, "dated back from the cloud's now by the boot clock")
    }

    @Test("250 passages go as 200 + 50 with pass_method 4 or 1, pass_type and their timestamps, then are acknowledged")
    func batchesOf200() async throws {
        for index in 0..<250 { try pass("u\(index)", index.isMultiple(of: 2) ? .fingerprint : .face) }
        let result = await uploader().flush()
        #expect(result.sent == 250 && result.acknowledged == 250 && result.retried == 0)
        #expect(cloud.requests.map(\.records.count) == [200, 50])
        let first = try #require(cloud.requests.first?.records.first)
        #expect(first.passMethod == .fingerprint && first.passType == .entry)
        #expect(first.timestamp == Int64(wall.now.timeIntervalSince1970))
        #expect(cloud.requests[0].records[1].passMethod == .face)
        #expect(try store.passageCounts().pending == 0)
        #expect(await uploader().flush().sent == 0, "nothing is sent twice")
    }

    @Test("fail_list entries and a cloud that is down are tried again after the back-off; the others are acknowledged")
    func retries() async throws {
        try pass("known")
        try pass("refused")
        cloud.failUsers(["refused"])
        let first = await uploader().flush()
        #expect(first.acknowledged == 1 && first.retried == 1)
        cloud.failUsers([])
        cloud.setDown(true)
        #expect(await uploader().flush().sent == 0, "the refused one waits for its back-off")
        wall.advance(by: 5)
        let down = await uploader().flush()
        #expect(down.sent == 1 && down.acknowledged == 0)
        cloud.setDown(false)
        wall.advance(by: 10)
        #expect(await uploader().flush().acknowledged == 1)
        #expect(try store.passageCounts().pending == 0)
    }

    @Test("with the clock unset passages are held and it is said; once the clock is set they go, dated by the uptime")
    func unsetClock() async throws {
        let sane = wall.now
        let unset = Date(timeIntervalSince1970: 3_600)
        try pass("early", at: unset)
        let clockless = PassageUploader(
            store: store, cloud: cloud, wallClock: { unset },
            boot: uptime.boot, history: .standard,
            reporter: reporter, logger: Logger(label: "test"))
        let held = await clockless.flush()
        #expect(held.sent == 0 && held.undated == 1 && cloud.requests.isEmpty)
        let notices = reporter.events.compactMap { if case .notice(let text) = $0 { text } else { nil } }
        #expect(notices.contains { $0.contains("1 passages held: the wall clock is not set") })
        uptime.advance(by: 30)
        let sent = await uploader().flush()
        #expect(sent.acknowledged == 1)
        let record = try #require(cloud.requests.first?.records.first)
        #expect(record.timestamp == Int64(sane.timeIntervalSince1970) - 30)
    }

    @Test("the history is pruned to its limit after a flush, acknowledged passages first")
    func pruned() async throws {
        for index in 0..<5 { try pass("p\(index)") }
        _ = await uploader(history: PassageHistory(limit: 3)).flush()
        #expect(try store.recentPassages().count == 3)
    }
}
