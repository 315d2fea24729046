import Biometrics
import Foundation
import Logging
import TerminalStore
import WeComDevice

/// Sends the durable outbox to the cloud. Each row was committed with its template; one serialized
/// flush sends every due row (with `oper_id` while the minute lasts, without it afterwards) in batches
/// of at most 200 users, acknowledging a row only when the cloud answers 0 and the user is not in
/// `fail_list`.
public actor OutboxUploader {
    private let store: TerminalStore
    private let cloud: any CloudUploading
    private let clock: any Clock<Duration>
    private let wallClock: @Sendable () -> Date
    private let reporter: any TerminalReporter
    private let logger: Logger
    private var flushing = false
    private var flushRequested = false
    /// False while the session is not logged in: rows wait instead of failing every second.
    private var online = true

    public init(
        store: TerminalStore, cloud: any CloudUploading, clock: any Clock<Duration>,
        wallClock: @escaping @Sendable () -> Date, reporter: any TerminalReporter, logger: Logger
    ) {
        self.store = store
        self.cloud = cloud
        self.clock = clock
        self.wallClock = wallClock
        self.reporter = reporter
        self.logger = logger
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
                let now = wallClock()
                batches = try await store.perform { try $0.dueForRepush(now: now) }
            } catch {
                logger.error("outbox: cannot read due rows: \(error)")
                return
            }
            for batch in batches {
                guard await send(batch) else { return }
            }
        } while flushRequested
    }

    /// Sends one batch; false when the cloud could not be reached (the flush stops and rows stay due).
    private func send(_ batch: OutboxBatch) async -> Bool {
        let upload: UploadUserInfo
        do {
            upload = try Self.upload(for: batch)
        } catch {
            // A row the cloud can never accept (it failed local validation): keep it, back off, say why.
            logger.error("outbox: batch not sendable: \(error)")
            await reschedule(batch.ids)
            return true
        }
        let summary = UploadSummary(upload)
        reporter.report(.uploadSent(summary))
        let started = ContinuousClock.now
        let response: UploadUserInfoResponse
        do {
            response = try await cloud.uploadUserInfo(upload)
        } catch {
            reporter.report(.uploadFailed(summary, reason: "\(error)"))
            return false
        }
        reporter.report(
            .uploadAnswered(
                summary, errcode: response.errcode, errmsg: response.errmsg, failed: response.failList,
                roundTrip: started.duration(to: .now)))
        guard response.errcode == 0 else {
            await reschedule(batch.ids)
            return true
        }
        let failed = Set(response.failList.compactMap { try? UserID($0) })
        let retry = batch.ids(forUsers: failed)
        let done = Set(batch.ids).subtracting(retry)
        do {
            try await store.perform { store in
                try store.acknowledge(done)
                if !retry.isEmpty { try store.scheduleRetry(retry, now: self.wallClock()) }
            }
        } catch {
            logger.error("outbox: cannot record the cloud's answer: \(error)")
        }
        return true
    }

    private func reschedule(_ ids: [OutboxID]) async {
        let now = wallClock()
        do {
            _ = try await store.perform { try $0.scheduleRetry(ids, now: now) }
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
