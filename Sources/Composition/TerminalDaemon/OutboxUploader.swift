import Biometrics
import Foundation
import Logging
import TerminalStore
import WeComDevice

/// Sends the durable outbox to the cloud. Each row was committed with its template; one serialized
/// flush sends every due row in batches of at most 200 users: first each operation whose result window
/// (the enrollment machine's decision, persisted with the row) is still open, with its `oper_id`, then
/// the backlog without it. A row is acknowledged only when the cloud answers 0 and its user is not in
/// `fail_list`. A batch refused as a whole is split in halves until the refused rows are alone; a row
/// refused for a permanent reason (`OutboxRefusals`) is given up after a bounded number of tries.
///
/// Time: waits and due times follow a `SteadyWallClock` (monotonic within the process); the store's
/// wall instants are clamped once at the first flush (`TerminalStore.clampSchedules`).
public actor OutboxUploader {
    private let store: TerminalStore
    private let cloud: any CloudUploading
    private let clock: any Clock<Duration>
    private let steadyClock: SteadyWallClock
    private let wallClock: @Sendable () -> Date
    private let reporter: any TerminalReporter
    private let logger: Logger
    private var flushing = false
    private var flushRequested = false
    private var clamped = false
    /// False while the session is not logged in: rows wait instead of failing every second.
    private var online = true
    /// Told when the cloud accepted an upload (the directory sync counts the version step it caused).
    private let uploadAccepted: @Sendable () -> Void

    public init(
        store: TerminalStore, cloud: any CloudUploading, clock: any Clock<Duration>,
        wallClock: @escaping @Sendable () -> Date, reporter: any TerminalReporter, logger: Logger,
        uploadAccepted: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.cloud = cloud
        self.clock = clock
        self.steadyClock = SteadyWallClock(wall: wallClock, clock: clock)
        self.wallClock = wallClock
        self.reporter = reporter
        self.logger = logger
        self.uploadAccepted = uploadAccepted
    }

    /// Runs until cancelled: flushes due rows every `interval` (rows carry their own back-off).
    public func run(interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            await flush()
            do { try await clock.sleep(for: interval) } catch { return }
        }
    }

    /// Follows the session: offline, flushes do nothing; going online flushes at once.
    public func setOnline(_ online: Bool) async {
        self.online = online
        if online { await flush() }
    }

    /// Sends every due outbox row now; concurrent calls coalesce into one more pass.
    public func flush() async {
        guard online else { return }
        if flushing {
            flushRequested = true
            return
        }
        flushing = true
        defer { flushing = false }
        repeat {
            flushRequested = false
            let batches: [OutboxBatch]
            do {
                let now = steadyClock.now()
                let clampFirst = !clamped
                batches = try await store.perform { store in
                    if clampFirst { try store.clampSchedules(now: now) }
                    return try store.dueForRepush(now: now)
                }
                clamped = true
            } catch {
                logger.error("outbox: cannot read due rows: \(error)")
                return
            }
            var reachable = true
            for batch in batches {
                // Unreachable: the backlog waits for the next flush, but every open operation still
                // gets its own try (a fresh result must not miss its window behind the backlog).
                guard reachable || batch.operID != nil else { continue }
                if await send(batch) == .unreachable { reachable = false }
            }
        } while flushRequested
    }

    private enum Delivery { case answered, unreachable }

    /// Sends one batch and records the cloud's answer; splits a refused batch and re-sends rows whose
    /// `oper_id` was spent.
    private func send(_ batch: OutboxBatch) async -> Delivery {
        let upload: UploadUserInfo
        do {
            upload = try Self.upload(for: batch)
        } catch {
            // A row the cloud can never accept (it failed local validation): keep it, back off, say why.
            logger.error("outbox: batch not sendable: \(error)")
            await reschedule(batch.ids, refusal: nil)
            return .answered
        }
        let summary = UploadSummary(upload)
        reporter.report(.uploadSent(summary))
        let started = ContinuousClock.now
        let response: UploadUserInfoResponse
        do {
            response = try await cloud.uploadUserInfo(upload)
        } catch {
            reporter.report(.uploadFailed(summary, reason: "\(error)"))
            return .unreachable
        }
        reporter.report(
            .uploadAnswered(
                summary, errcode: response.errcode, errmsg: response.errmsg, failed: response.failList,
                roundTrip: started.duration(to: .now)))
        if response.errcode == 0 {
            await acknowledge(batch, failList: response.failList)
            return .answered
        }
        let refusal = OutboxRefusal(errcode: response.errcode, errmsg: response.errmsg)
        if batch.operID != nil, OutboxRefusals.operationSpent.contains(refusal.errcode) {
            return await resendWithoutOperation(batch, refusal: refusal)
        }
        if OutboxRefusals.session.contains(refusal.errcode) {
            await reschedule(batch.ids, refusal: refusal)
            return .answered
        }
        let users = batch.userids
        guard users.count > 1 else {
            await refuse(batch, refusal)
            return .answered
        }
        // Refused as a whole: halve it until the refused rows are alone, so other users' rows go through.
        let firstHalf = Set(users.prefix(users.count / 2))
        for half in [
            batch.entries.filter { firstHalf.contains($0.userid) },
            batch.entries.filter { !firstHalf.contains($0.userid) },
        ] {
            if await send(OutboxBatch(operID: batch.operID, entries: half)) == .unreachable { return .unreachable }
        }
        return .answered
    }

    /// The cloud no longer takes the batch's `oper_id`: drop it (persisted) and send the rows again at
    /// once without it; no back-off, as a plain re-push of the same content is idempotent.
    private func resendWithoutOperation(_ batch: OutboxBatch, refusal: OutboxRefusal) async -> Delivery {
        let now = steadyClock.now()
        let rows: [OutboxEntry]
        do {
            // Read back: a row superseded meanwhile is not re-sent.
            rows = try await store.perform { store in
                try store.spendOperation(of: batch.ids, now: now)
                return try store.outboxEntries(batch.ids)
            }
        } catch {
            logger.error("outbox: cannot drop the spent oper_id \(batch.operID ?? "-"): \(error)")
            return .answered
        }
        reporter.report(
            .notice(
                "oper_id \(batch.operID ?? "-") refused (\(refusal.errcode) \(refusal.errmsg)): re-sent without it"))
        guard !rows.isEmpty else { return .answered }
        return await send(OutboxBatch(operID: nil, entries: rows))
    }

    private func acknowledge(_ batch: OutboxBatch, failList: [String]) async {
        let failed = Set(failList.compactMap { try? UserID($0) })
        let retry = batch.ids(forUsers: failed)
        let done = Set(batch.ids).subtracting(retry)
        if !done.isEmpty { uploadAccepted() }
        let now = steadyClock.now()
        do {
            try await store.perform { store in
                try store.acknowledge(done)
                if !retry.isEmpty { try store.scheduleRetry(retry, now: now) }
            }
        } catch {
            logger.error("outbox: cannot record the cloud's answer: \(error)")
        }
    }

    /// One user's rows refused: a permanent reason counts toward giving up, any other backs off.
    private func refuse(_ batch: OutboxBatch, _ refusal: OutboxRefusal) async {
        guard OutboxRefusals.isPermanent(refusal.errcode) else {
            await reschedule(batch.ids, refusal: refusal)
            return
        }
        let now = steadyClock.now()
        let givenUp: [OutboxEntry]
        do {
            givenUp = try await store.perform {
                try $0.recordPermanentRefusal(
                    batch.ids, refusal: refusal, giveUpAfter: OutboxRefusals.triesBeforeGivingUp, now: now)
            }
        } catch {
            logger.error("outbox: cannot record the refusal \(refusal.errcode): \(error)")
            return
        }
        for entry in givenUp { await recordGiveUp(entry, refusal) }
    }

    /// A given-up row is said in the daemon's log, to the reporter and in the enrollment log.
    private func recordGiveUp(_ entry: OutboxEntry, _ refusal: OutboxRefusal) async {
        let reason =
            "outbox row \(entry.id) (\(entry.userid) \(entry.slot)) given up after "
            + "\(OutboxRefusals.triesBeforeGivingUp) refusals: \(refusal.errcode) \(refusal.errmsg)"
        logger.error("\(reason)")
        reporter.report(.notice(reason))
        let log = EnrollmentLogEntry(
            at: wallClock(), userid: entry.userid.rawValue, modality: entry.slot.modality, slot: entry.slot.index,
            operID: entry.operation?.operID, errcode: refusal.errcode,
            errmsg: "upload given up: \(refusal.errmsg)")
        do {
            _ = try await store.perform { try $0.appendEnrollmentLog(log) }
        } catch {
            logger.error("enrollment log: \(error)")
        }
    }

    private func reschedule(_ ids: [OutboxID], refusal: OutboxRefusal?) async {
        let now = steadyClock.now()
        do {
            _ = try await store.perform { try $0.scheduleRetry(ids, now: now, refusal: refusal) }
        } catch {
            logger.error("outbox: cannot schedule a retry: \(error)")
        }
    }

    /// The `upload_userinfo` for a batch: its latest row per slot, grouped by user.
    static func upload(for batch: OutboxBatch) throws -> UploadUserInfo {
        var order: [UserID] = []
        var rows: [UserID: [OutboxEntry]] = [:]
        for entry in batch.latestPerSlot {
            if rows[entry.userid] == nil { order.append(entry.userid) }
            rows[entry.userid, default: []].append(entry)
        }
        let users = try order.map { userid in
            let entries = rows[userid]!
            return try UploadUserEntry(
                userid: userid, userType: entries[0].userType,
                changes: entries.map {
                    SlotChange(slot: $0.slot, algorithm: $0.algorithm, data: $0.isDeletion ? nil : $0.data)
                })
        }
        let upload = UploadUserInfo(result: batch.operID.map { .success(operID: $0) }, users: users)
        try upload.validate()
        return upload
    }
}
