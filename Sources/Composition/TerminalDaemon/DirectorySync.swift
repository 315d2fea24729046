import Biometrics
import Foundation
import TerminalStore
import WeComDevice

/// Keeps the store's member directory in step with the cloud, one job at a time on its own task so a
/// long pull never holds up an enrollment push:
/// - after every login `get_perm_version` is compared with the stored version; a difference runs a full
///   paged pull (or resumes the one a crash or a lost connection interrupted);
/// - `push_change_contact` deletes members and fetches created/updated ones (`get_userinfo_by_ids`,
///   ≤200 a request), then stores the version; `push_change_userid` renames. A push whose version is
///   more than one past the stored one means pushes were missed: a full pull instead.
/// Uploads this terminal made bump the cloud's version without a push to it; each accepted upload is a
/// credit that explains one version step (so enrolling here does not cost a full pull).
actor DirectorySync {
    enum Job: Sendable {
        case loggedIn
        case contactChange(ContactChange)
        case useridChange(UserIDChange)
        case visitorChange(VisitorListChange)
        case ownUploadAccepted
        case fullPull(CheckedContinuation<Result<DirectoryPullRecord, DirectorySyncError>, Never>)
    }

    private let store: TerminalStore
    private let client: WeComClient
    private let reporter: any TerminalReporter
    private let wallClock: @Sendable () -> Date
    private let conversion: PulledMemberConversion
    private let pageSize: Int
    /// Called after the store's templates changed, so the module library and galleries follow.
    private let templatesChanged: @Sendable () async -> Void
    private let jobs: AsyncStream<Job>
    private nonisolated let submissions: AsyncStream<Job>.Continuation
    /// Version steps explained by this terminal's own accepted uploads.
    private var ownUploadCredits: Int64 = 0
    /// Whether the searchers were brought in step since this process started (their copies, e.g. the
    /// module's page map, live in memory only).
    private var searchersPrepared = false

    init(
        store: TerminalStore, client: WeComClient, declared: [Modality: Set<AlgorithmID>],
        reporter: any TerminalReporter, wallClock: @escaping @Sendable () -> Date,
        pageSize: Int = ProtocolLimits.usersPerRequest,
        templatesChanged: @escaping @Sendable () async -> Void
    ) {
        self.store = store
        self.client = client
        self.reporter = reporter
        self.wallClock = wallClock
        conversion = PulledMemberConversion(declared: declared)
        self.pageSize = min(max(pageSize, 1), ProtocolLimits.usersPerRequest)
        self.templatesChanged = templatesChanged
        (jobs, submissions) = AsyncStream.makeStream(of: Job.self)
    }

    /// Queues a job; jobs run in order, one at a time.
    nonisolated func submit(_ job: Job) { submissions.yield(job) }

    /// A full pull now (from offset 0, whatever the versions say); returns when it ends.
    func pullInFull() async -> Result<DirectoryPullRecord, DirectorySyncError> {
        await withCheckedContinuation { reply in
            if case .terminated = submissions.yield(.fullPull(reply)) { reply.resume(returning: .failure(.stopped)) }
        }
    }

    /// Runs queued jobs until the calling task is cancelled.
    func run() async {
        await withTaskCancellationHandler {
            for await job in jobs { await perform(job) }
        } onCancel: {
            submissions.finish()
        }
    }

    private func perform(_ job: Job) async {
        switch job {
        case .loggedIn:
            await attempt("the login-time version check") { try await self.checkVersionAfterLogin() }
            if !searchersPrepared {
                // Filled now rather than inside the first enrollment's duplicate check, where refilling a
                // module library over a UART could outlast the result window.
                searchersPrepared = true
                await templatesChanged()
            }
        case .contactChange(let change):
            await attempt("push_change_contact v\(change.permVersion)") { try await self.apply(change) }
        case .useridChange(let change):
            await attempt("push_change_userid v\(change.permVersion)") { try await self.apply(change) }
        case .visitorChange(let change):
            await attempt("push_visitor_list_change v\(change.visitorVersion)") { try await self.apply(change) }
        case .ownUploadAccepted:
            ownUploadCredits += 1
        case .fullPull(let reply):
            do {
                reply.resume(returning: .success(try await pull(resuming: false)))
            } catch {
                reply.resume(returning: .failure(DirectorySyncError(error)))
            }
        }
    }

    private func attempt(_ what: String, _ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            // Cut off by shutdown: the store holds the last committed step; the next start goes on from there.
            guard !Task.isCancelled else { return }
            reporter.report(.notice("directory: \(what) not applied: \(DirectorySyncError(error))"))
        }
    }

    private func checkVersionAfterLogin() async throws {
        let cloud = try await client.send(GetPermVersion())
        let (stored, progress) = try await store.perform { (try $0.permVersion(), try $0.directoryPullProgress()) }
        if let progress, progress.targetVersion == cloud {
            _ = try await pull(resuming: true)
        } else if progress == nil, let stored,
            stored == cloud || (ownUploadCredits > 0 && cloud - stored == ownUploadCredits)
        {
            if stored != cloud { try await store.perform { try $0.savePermVersion(cloud) } }
            ownUploadCredits = 0
        } else {
            reporter.report(
                .notice("directory: the cloud is at v\(cloud), this terminal at \(stored.map { "v\($0)" } ?? "none")"))
            _ = try await pull(resuming: false, towards: cloud)
        }
    }

    /// Whether a push at `version` follows the stored version (missed steps explained by own uploads);
    /// nil when it is already applied.
    private func follows(_ version: Int64) async throws -> Bool? {
        guard try await store.perform({ try $0.directoryPullProgress() }) == nil,
            let stored = try await store.perform({ try $0.permVersion() })
        else { return false }
        guard version > stored else { return nil }
        let missed = version - stored - 1
        guard missed <= ownUploadCredits else { return false }
        ownUploadCredits -= missed
        return true
    }

    private func apply(_ change: ContactChange) async throws {
        guard let follows = try await follows(change.permVersion) else { return }
        guard follows else {
            _ = try await pull(resuming: true)
            return
        }
        var seen = Set<UserID>()
        let wanted = (change.created + change.updated).filter { seen.insert($0.userid).inserted }
        try await applyInChunks(wanted, removing: change.deleted.map(\.userid), finally: .perm(change.permVersion)) {
            [client, conversion] chunk in
            let fetched = try await client.send(
                GetUserInfoByIDs(
                    users: chunk, includeFingerprints: conversion.requestsFingerprints,
                    includeFaces: conversion.requestsFaces))
            return (fetched.users, fetched.unknown)
        }
    }

    private func apply(_ change: UserIDChange) async throws {
        guard var follows = try await follows(change.permVersion) else { return }
        do {
            try await store.perform { [follows] store in
                if try store.member(change.oldUserID) != nil {
                    try store.renameMember(from: change.oldUserID, to: change.newUserID)
                }
                if follows { try store.savePermVersion(change.permVersion) }
            }
        } catch {
            // E.g. the new userid is already held here: the cloud's full list settles who is who.
            reporter.report(
                .notice(
                    "directory: rename \(change.oldUserID) → \(change.newUserID) not applied (\(error)): a full pull instead"
                ))
            follows = false
        }
        if !follows { _ = try await pull(resuming: true) }
    }

    /// `push_visitor_list_change`: visitors are kept apart by `visitor_version`. The protocol has no visitor
    /// listing, so after missed pushes every visitor held is fetched again (the deleted ones drop out); a
    /// visitor created while pushes were missed arrives with their next change.
    private func apply(_ change: VisitorListChange) async throws {
        let (stored, held) = try await store.perform { (try $0.visitorVersion(), try $0.visitorIDs()) }
        if let stored, change.visitorVersion <= stored { return }
        let missed = stored.map { change.visitorVersion - $0 > 1 } ?? true
        let deleted = Set(change.deleted)
        var seen = Set<UserID>()
        let wanted = (change.created + change.updated + (missed ? held : [])).filter {
            !deleted.contains($0) && VisitorID.isValid($0) && seen.insert($0).inserted
        }
        if missed, let stored {
            reporter.report(
                .notice(
                    "directory: visitor_version v\(stored) → v\(change.visitorVersion): pushes were missed; the \(held.count) visitors held are fetched again"
                ))
        }
        try await applyInChunks(wanted, removing: Array(deleted), finally: .visitor(change.visitorVersion)) {
            [client, conversion] chunk in
            let fetched = try await client.send(
                GetVisitorByIDs(
                    visitors: chunk, includeFingerprints: conversion.requestsFingerprints,
                    includeFaces: conversion.requestsFaces))
            return (fetched.visitors, fetched.unknown)
        }
    }

    private enum StoredVersion {
        case perm(Int64)
        case visitor(Int64)
    }

    /// Deletes `removed`, fetches `wanted` at most 200 a request and writes each answer in one transaction
    /// (ids the cloud does not know are deleted too); the last one stores `version`. The galleries follow.
    private func applyInChunks<Ref: Sendable>(
        _ wanted: [Ref], removing removed: [UserID], finally version: StoredVersion,
        fetch: @Sendable ([Ref]) async throws -> (users: [RemoteUser], unknown: [String])
    ) async throws {
        var removed = removed
        var count = DirectoryChangeCount()
        var start = 0
        repeat {
            let chunk = Array(wanted[start..<min(start + maxUsersPerRequest, wanted.count)])
            start += chunk.count
            var changed: [PulledMember] = []
            if !chunk.isEmpty {
                let fetched = try await fetch(chunk)
                let converted = conversion.convert(fetched.users)
                report(skipped: converted)
                changed = converted.members
                removed += fetched.unknown.compactMap { try? UserID($0) }
            }
            let last = start >= wanted.count
            let (perm, visitor): (Int64?, Int64?) =
                switch version {
                case .perm(let v): (last ? v : nil, nil)
                case .visitor(let v): (nil, last ? v : nil)
                }
            let batch = (changed, removed)
            count =
                count
                + (try await store.perform { [wallClock] in
                    try $0.applyDirectoryChange(
                        changed: batch.0, removed: batch.1, version: perm, visitorVersion: visitor, now: wallClock())
                })
            removed = []
        } while start < wanted.count
        if count.changedTemplates { await templatesChanged() }
    }

    /// A full pull: the saved one resumed when `resuming` and still aimed at the cloud's version, else a
    /// new one from offset 0. Each page is one transaction; the end removes members no page listed.
    private func pull(resuming: Bool, towards known: Int64? = nil) async throws -> DirectoryPullRecord {
        let target: Int64
        if let known { target = known } else { target = try await client.send(GetPermVersion()) }
        var progress: DirectoryPullProgress
        if resuming, let saved = try await store.perform({ try $0.directoryPullProgress() }),
            saved.targetVersion == target
        {
            progress = saved
            reporter.report(.notice("directory: resuming the pull of v\(target) at offset \(saved.nextOffset)"))
        } else {
            progress = try await begin(target)
        }
        var restarts = 0
        var changes = DirectoryChangeCount()
        while true {
            let page = try await client.send(
                GetUserInfoByPage(
                    offset: progress.nextOffset, limit: pageSize, includeFingerprints: conversion.requestsFingerprints,
                    includeFaces: conversion.requestsFaces))
            if page.permVersion != progress.targetVersion {
                restarts += 1
                guard restarts <= DirectorySyncError.maxRestarts else {
                    throw DirectorySyncError.keepsChanging(restarts)
                }
                reporter.report(
                    .notice(
                        "directory: v\(progress.targetVersion) became v\(page.permVersion) during the pull: from offset 0 again"
                    ))
                progress = try await begin(page.permVersion)
                continue
            }
            guard !page.users.isEmpty || page.isLast else {
                throw DirectorySyncError.emptyPage(offset: progress.nextOffset)
            }
            let listed = progress.nextOffset + page.users.count
            guard listed <= ProtocolLimits.directoryMembers else { throw DirectorySyncError.tooLarge(listed) }
            let converted = conversion.convert(page.users)
            report(skipped: converted)
            progress.nextOffset = listed
            progress.pages += 1
            progress.members += page.users.count
            progress.templates += converted.templates
            progress.skippedTemplates += converted.skippedTemplates
            let saved = progress
            changes =
                changes
                + (try await store.perform { [wallClock] in
                    try $0.applyPulledPage(converted.members, progress: saved, now: wallClock())
                })
            if page.isLast { break }
        }
        let finished = progress
        let record = try await store.perform { [wallClock] in try $0.finishDirectoryPull(finished, now: wallClock()) }
        ownUploadCredits = 0
        reporter.report(.notice("directory: pulled \(record)"))
        if changes.changedTemplates || record.membersRemoved > 0 { await templatesChanged() }
        return record
    }

    private func begin(_ target: Int64) async throws -> DirectoryPullProgress {
        try await store.perform { [wallClock] in try $0.beginDirectoryPull(targetVersion: target, now: wallClock()) }
    }

    private func report(skipped converted: PulledMemberConversion.Converted) {
        guard !converted.skippedDetails.isEmpty else { return }
        reporter.report(
            .notice(
                "directory: templates in algorithms this terminal did not declare, not kept: "
                    + converted.skippedDetails.prefix(5).joined(separator: "; ")
                    + (converted.skippedDetails.count > 5 ? " (and \(converted.skippedDetails.count - 5) more)" : "")))
    }
}
