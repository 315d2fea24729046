import Biometrics
import Foundation
import Testing

@testable import TerminalStore

@Suite("Passages: committed first, dated only by a sane clock, acknowledged by the cloud, a bounded history")
struct PassageStoreTests {
    private func draft(_ userid: String, at: Date?, uptime: Double = 100, boot: String = "boot-1") -> PassageDraft {
        PassageDraft(
            userid: uid(userid), userType: .employee, modality: .fingerprint, direction: .entry, at: at, uptime: uptime,
            bootID: boot)
    }

    @Test("a passage is due once committed; acknowledged ones are no longer due; a retry waits its back-off")
    func dueAcknowledgedRetried() throws {
        let store = try TerminalStore.inMemory()
        let first = try store.recordPassage(draft("a", at: t0))
        let second = try store.recordPassage(draft("b", at: t0.addingTimeInterval(1)))
        #expect(try store.duePassages(now: t0, limit: 200).map(\.id) == [first, second])
        try store.acknowledgePassages([first], at: t0)
        try store.schedulePassageRetry([second], now: t0, errcode: nil, errmsg: "in fail_list")
        #expect(try store.duePassages(now: t0.addingTimeInterval(4), limit: 200).isEmpty)
        let later = try store.duePassages(now: t0.addingTimeInterval(5), limit: 200)
        #expect(later.map(\.id) == [second] && later[0].attempts == 1 && later[0].lastErrmsg == "in fail_list")
        #expect(
            later[0].direction == .entry && later[0].modality == .fingerprint && later[0].at == t0.addingTimeInterval(1)
        )
        let counts = try store.passageCounts()
        #expect(counts.pending == 1 && counts.undated == 0 && counts.acknowledged == 1)
    }

    @Test("a passage seen while the clock was unset is held, then dated from the uptime once the clock is sane")
    func undatedUntilTheClockIsSane() throws {
        let store = try TerminalStore.inMemory()
        let unset = Date(timeIntervalSince1970: 86_400)  // 1970: a terminal without a clock
        try store.recordPassage(draft("a", at: unset, uptime: 100))
        try store.recordPassage(draft("b", at: nil, uptime: 40, boot: "boot-0"))
        #expect(try store.duePassages(now: t0, limit: 200).isEmpty, "never a record from before 2018")
        #expect(try store.datePassages(bootID: "boot-1", uptimeNow: 160, now: unset) == 0, "the clock is still unset")
        #expect(try store.datePassages(bootID: "boot-1", uptimeNow: 160, now: t0) == 1)
        let dated = try #require(try store.duePassages(now: t0, limit: 200).first)
        #expect(dated.userid == uid("a") && dated.at == t0.addingTimeInterval(-60))
        let counts = try store.passageCounts()
        #expect(
            counts.pending == 1 && counts.undated == 1, "a passage of an earlier boot cannot be dated: kept, counted")
    }

    @Test("the history keeps its limit by dropping the oldest acknowledged passages, never an unacknowledged one")
    func boundedHistory() throws {
        let store = try TerminalStore.inMemory()
        let ids = try (0..<6).map { try store.recordPassage(draft("p\($0)", at: t0.addingTimeInterval(Double($0)))) }
        try store.acknowledgePassages([ids[1], ids[2], ids[4]], at: t0)
        #expect(try store.prunePassages(PassageHistory(limit: 4)) == 2)
        #expect(try store.recentPassages().map(\.id) == [ids[5], ids[4], ids[3], ids[0]])
        #expect(try store.prunePassages(PassageHistory(limit: 1)) == 1, "only acknowledged ones go")
        #expect(try store.recentPassages().map(\.id) == [ids[5], ids[3], ids[0]])
    }

    @Test("attendctl passages lines: sent, pending with its last reason, held for the clock")
    func listingLines() throws {
        let store = try TerminalStore.inMemory()
        let utc = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: .gmt)
        let sent = try store.recordPassage(draft("a", at: t0))
        let refused = try store.recordPassage(draft("b", at: t0))
        try store.recordPassage(draft("c", at: nil))
        try store.acknowledgePassages([sent], at: t0.addingTimeInterval(2))
        try store.schedulePassageRetry([refused], now: t0, errcode: 600110, errmsg: "bad record")
        let lines = try store.recentPassages().map { $0.listingLine(dates: utc) }
        #expect(lines[0].hasSuffix("c (employee)  fingerprint  entry  held until the clock is set"))
        #expect(lines[0].contains("undated (the clock was not set)"))
        #expect(
            lines[1]
                == "#\(refused) 2026-05-28 20:26:40Z  b (employee)  fingerprint  entry  pending, 1 try (errcode 600110): bad record"
        )
        #expect(
            lines[2] == "#\(sent) 2026-05-28 20:26:40Z  a (employee)  fingerprint  entry  sent 2026-05-28 20:26:42Z")
    }
}
