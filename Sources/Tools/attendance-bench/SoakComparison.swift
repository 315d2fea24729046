import Crypto
import Foundation
import GRDB
import WeComCloudSim

/// The end of the soak: the terminal's store (opened read-only, after the last daemon has stopped)
/// against the templates the cloud holds.
struct SoakComparison: Codable {
    /// Templates on the terminal, "userid/fp/slot".
    let terminalTemplates: Int
    let cloudTemplates: Int
    /// Committed on the terminal, missing in the cloud.
    let lost: [String]
    /// In the cloud, not on the terminal.
    let ghosts: [String]
    /// In both, with different bytes (an older result overwrote a newer one, or the reverse).
    let mismatched: [String]
    let outboxRowsLeft: Int
    /// `PRAGMA integrity_check`'s answer ("ok" when sound).
    let integrityCheck: String

    var passed: Bool {
        lost.isEmpty && ghosts.isEmpty && mismatched.isEmpty && outboxRowsLeft == 0 && integrityCheck == "ok"
    }

    static func compare(storePath: String, cloud: [CloudTemplate]) throws -> SoakComparison {
        let (terminal, outbox, integrity) = try SoakStoreReader(path: storePath).read()
        var cloudByKey: [String: String] = [:]
        for template in cloud {
            cloudByKey["\(template.userid)/\(template.pageType.rawValue)/\(template.slot)"] = template.shortHash
        }
        return SoakComparison(
            terminalTemplates: terminal.count, cloudTemplates: cloudByKey.count,
            lost: terminal.keys.filter { cloudByKey[$0] == nil }.sorted(),
            ghosts: cloudByKey.keys.filter { terminal[$0] == nil }.sorted(),
            mismatched: terminal.filter { key, hash in cloudByKey[key].map { $0 != hash } ?? false }.keys.sorted(),
            outboxRowsLeft: outbox, integrityCheck: integrity)
    }
}

/// Reads the store's file with a read-only connection, without the store's migrations.
struct SoakStoreReader {
    let path: String

    /// Outbox rows, readable while a daemon is running.
    func outboxCount() throws -> Int {
        try queue().read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox") ?? 0 }
    }

    /// Templates by "userid/modality/slot" with the cloud's short hash of their bytes, the outbox's
    /// row count, and the integrity check's answer.
    func read() throws -> (templates: [String: String], outbox: Int, integrity: String) {
        try queue().read { db in
            var templates: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT userid, modality, slot, data FROM template") {
                let userid: String = row["userid"]
                let modality: String = row["modality"]
                let slot: Int = row["slot"]
                let data: Data = row["data"]
                templates["\(userid)/\(modality)/\(slot)"] = Self.shortHash(data)
            }
            let outbox = try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox") ?? 0
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            return (templates, outbox, integrity)
        }
    }

    private func queue() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The cloud simulator's `shortHash`: the first 12 hex digits of SHA-1.
    static func shortHash(_ data: Data) -> String {
        String(Insecure.SHA1.hash(data: data).map { String(format: "%02x", $0) }.joined().prefix(12))
    }
}
