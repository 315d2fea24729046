import Biometrics
import Foundation
import Logging
import TerminalStore
import WeComDevice

/// Sends committed passages with `checkin`, at most 200 records a request, oldest first. A record leaves the
/// pending set only when the cloud answered 0 and did not list it in `fail_list`; the rest are tried again
/// after the back-off. Passages seen while the wall clock was unset (before 2018) are never sent as such:
/// they wait, and are dated from the boot clock once the wall clock is sane. After each flush the history
/// is pruned to its limit (oldest acknowledged first).
public actor PassageUploader {
    private let store: TerminalStore
    private let cloud: any CheckinSending
    private let wallClock: @Sendable () -> Date
    /// The cloud's clock offset (`get_timestamp`), nil until known: corrects a wall clock that is far off.
    private let cloudOffset: @Sendable () async -> Int64?
    private let boot: BootClock
    private let history: PassageHistory
    private let reporter: any TerminalReporter
    private let logger: Logger
    private var reportedUnsetClock = false
    /// One flush at a time: the actor is re-entered at every await, and two flushes would send the same rows.
    private var flushing = false
    /// Whether the session is logged in: `run` flushes only then.
    private var online = false
    private let wakes: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    public init(
        store: TerminalStore, cloud: any CheckinSending, wallClock: @escaping @Sendable () -> Date,
        cloudOffset: @escaping @Sendable () async -> Int64? = { nil }, boot: BootClock = .system,
        history: PassageHistory = .standard, reporter: any TerminalReporter,
        logger: Logger
    ) {
        self.store = store
        self.cloud = cloud
        self.wallClock = wallClock
        self.cloudOffset = cloudOffset
        self.boot = boot
        self.history = history
        self.reporter = reporter
        self.logger = logger
        (wakes, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Commits a passage of `userid` now (dated by `PassageTime`: the wall clock, the cloud's when the wall
    /// clock is far off, held undated when neither is trusted);
    /// `run` sends it. Throws only when the store cannot commit it.
    @discardableResult
    public func record(
        userid: UserID, userType: UserType, modality: Modality, direction: PassDirection = .unknown
    ) async throws -> Int64 {
        let draft = PassageDraft(
            userid: userid, userType: userType, modality: modality, direction: direction,
            at: await trustedNow(), uptime: boot.uptime(), bootID: boot.bootID)
        let id = try await store.perform { try $0.recordPassage(draft) }
        wake.yield()
        return id
    }

    /// The session logged in (flush now) or left.
    public func setOnline(_ loggedIn: Bool) {
        online = loggedIn
        if loggedIn { wake.yield() }
    }

    /// Flushes after each new passage and login, and every `retryCheck` for retries whose back-off ended,
    /// while the session is logged in; until the calling task is cancelled.
    public func run(clock: any Clock<Duration>, retryCheck: Duration = .seconds(30)) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wake] in
                while (try? await clock.sleep(for: retryCheck)) != nil {
                    wake.yield()
                    await Task.yield()
                }
            }
            for await _ in wakes where online {
                await flush()
            }
            group.cancelAll()
        }
    }

    /// What one flush did.
    public struct FlushResult: Sendable, Equatable {
        public var sent = 0
        public var acknowledged = 0
        public var retried = 0
        /// Passages waiting for a sane wall clock.
        public var undated = 0
    }

    /// Dates what it can, sends every due passage, prunes the history. A call while another flush runs
    /// returns at once with nothing done (that flush sends what is due).
    @discardableResult
    public func flush() async -> FlushResult {
        var result = FlushResult()
        guard !flushing else { return result }
        flushing = true
        defer { flushing = false }
        // Before 2018 when nothing can be trusted: then nothing is dated and nothing dated is due.
        let now = await trustedNow() ?? SaneWallClock.earliest.addingTimeInterval(-1)
        do {
            _ = try await store.perform { [boot] in
                try $0.datePassages(bootID: boot.bootID, uptimeNow: boot.uptime(), now: now)
            }
            result.undated = try await store.perform { try $0.passageCounts().undated }
            reportUnsetClock(undated: result.undated, now: now)
            while true {
                let due = try await store.perform {
                    try $0.duePassages(now: now, limit: ProtocolLimits.recordsPerCheckin)
                }
                guard !due.isEmpty else { break }
                let sent = try await send(due, now: now)
                result.sent += due.count
                result.acknowledged += sent.acknowledged
                result.retried += due.count - sent.acknowledged
                if !sent.answered { break }
            }
            _ = try await store.perform { [history] in try $0.prunePassages(history) }
        } catch {
            logger.error("passages: \(error)")
        }
        return result
    }

    /// One `checkin`; whether the cloud answered and how many it took.
    private func send(_ due: [StoredPassage], now: Date) async throws -> (answered: Bool, acknowledged: Int) {
        var records: [CheckinRecord] = []
        for passage in due {
            // Dated passages were dated by a sane clock, so the record is valid; the check stays for safety.
            records.append(
                try CheckinRecord(
                    userid: passage.userid, userType: passage.userType,
                    timestamp: Int64((passage.at ?? SaneWallClock.earliest).timeIntervalSince1970),
                    passType: passage.direction,
                    passMethod: passage.modality == .fingerprint ? .fingerprint : .face))
        }
        let request = Checkin(records: records)
        let response: CheckinResponse
        do {
            response = try await cloud.checkin(request)
        } catch {
            let ids = due.map(\.id)
            var code: Int?
            if case .cloudError(_, let errcode, _)? = error as? WeComError { code = errcode }
            let errcode = code
            try await store.perform { try $0.schedulePassageRetry(ids, now: now, errcode: errcode, errmsg: "\(error)") }
            reporter.report(.notice("checkin of \(due.count) passages failed (\(error)); tried again later"))
            return (false, 0)
        }
        var taken: [Int64] = []
        var refused: [Int64] = []
        for (passage, record) in zip(due, records) {
            if response.failed(record) { refused.append(passage.id) } else { taken.append(passage.id) }
        }
        try await store.perform { [taken, refused] store in
            try store.acknowledgePassages(taken, at: now)
            try store.schedulePassageRetry(refused, now: now, errcode: nil, errmsg: "in the cloud's fail_list")
        }
        if !refused.isEmpty {
            reporter.report(
                .notice("checkin: \(refused.count) of \(due.count) passages in fail_list; tried again later"))
        }
        return (true, taken.count)
    }

    /// The wall clock, or the cloud's time when the wall clock is far off (`PassageTime`); nil when neither
    /// can be trusted.
    private func trustedNow() async -> Date? {
        PassageTime.now(wall: wallClock(), cloudOffsetSeconds: await cloudOffset())
    }

    private func reportUnsetClock(undated: Int, now: Date) {
        guard undated > 0, !SaneWallClock.isSane(now) else {
            reportedUnsetClock = false
            return
        }
        guard !reportedUnsetClock else { return }
        reportedUnsetClock = true
        reporter.report(
            .notice(
                "\(undated) passages held: the wall clock is not set (it reads before 2018); they are dated and sent once it is"
            ))
    }
}
