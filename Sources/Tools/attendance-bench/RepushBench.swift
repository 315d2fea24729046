import Biometrics
import Foundation
import Logging
import TerminalDaemon
import TerminalStore
import WeComDevice
import WeComDeviceTesting

/// Re-push after an outage: `pending` users' templates in the outbox, sent in batches of at most
/// 200 users to the cloud simulator, until every row is acknowledged.
struct RepushBench {
    let pending: Int

    struct Result: Codable {
        let pendingUsers: Int
        let batchLimit: Int
        let uploads: Int
        let largestBatch: Int
        let totalMs: Double
        let usersPerSecond: Double
        let batchRoundTripMs: Summary
        let cloudAcceptedUsers: Int
    }

    func run() async throws -> Result {
        let users = (0..<pending).map { String(format: "user%05d", $0) }
        let world = try await BenchWorld.start(cloudMembers: users)
        let path = temporaryStorePath("repush")
        removeStore(path)
        defer { removeStore(path) }
        let store = try TerminalStore.open(path: path)
        let longAgo = Date().addingTimeInterval(-3600)
        for userid in users {
            try store.commitEnrollment(
                userid: try UserID(userid), userType: .employee, slot: SlotID(.fingerprint, 0)!,
                template: BenchWorld.moduleTemplate(finger: userid), operation: nil, now: longAgo)
        }

        var quiet = Logger(label: "bench")
        quiet.logLevel = .critical
        let configuration = try WeComClientConfiguration(
            endpoint: URL(string: "ws://127.0.0.1:\(world.port)/")!, sn: BenchWorld.sn,
            key: .secretNo(BenchWorld.secretNo), firmwareVersion: "bench",
            fingerprintAlgorithms: [.zfmModule])
        let client = WeComClient(
            configuration: configuration, credentials: InMemoryCredentialStore(), transport: WSClientTransport(),
            logger: quiet)
        let roundTrips = Shared<[Duration]>([])
        let uploader = OutboxUploader(
            store: store, cloud: client, clock: ContinuousClock(), wallClock: { Date() },
            reporter: SilentReporter(answered: roundTrips), logger: quiet)
        let session = Task { await client.run() }
        defer { session.cancel() }
        try await waitUntil("the bench device logs in") { await client.state == .loggedIn }

        let start = ContinuousClock.now
        await uploader.flush()
        let elapsed = start.duration(to: .now)
        let uploads = await world.cloud.uploads()
        guard try store.outboxCount() == 0 else {
            let verdicts = uploads.prefix(3).map { "\($0.verdict.rawValue) \($0.errcode) \($0.reasons.prefix(2))" }
            throw BenchError(
                "\(try store.outboxCount()) rows still pending after the re-push; \(uploads.count) uploads: \(verdicts)"
            )
        }
        let accepted = uploads.filter { $0.verdict == .accepted }.reduce(0) { $0 + $1.userCount }
        await world.stop()
        return Result(
            pendingUsers: pending, batchLimit: TerminalStore.maxUsersPerUpload, uploads: uploads.count,
            largestBatch: uploads.map(\.userCount).max() ?? 0, totalMs: elapsed.milliseconds,
            usersPerSecond: Double(pending) / (elapsed.milliseconds / 1000),
            batchRoundTripMs: Summary(roundTrips.value), cloudAcceptedUsers: accepted)
    }
}
