import Biometrics
import Foundation
import Testing

@testable import TerminalStore

/// `attendctl outbox` prints `OutboxEntry.listingLine` for each row `listOutbox` returns: a row the
/// uploader gave up shows the cloud's reason, the others when they are due next.
@Suite("attendctl outbox: the rows as listed")
struct OutboxListingTests {
    /// The operator's format, in UTC so that the lines do not depend on the machine's time zone.
    static let utc = Date.ISO8601FormatStyle(
        dateSeparator: .dash, dateTimeSeparator: .space, timeZone: TimeZone(identifier: "UTC")!)

    @Test func aGivenUpRowShowsTheCloudsReasonBesideAPendingRowAndADeletion() throws {
        let store = try TerminalStore.inMemory()
        // Refused twice for an undeclared algorithm: given up at the second refusal (t0 + 6 s).
        let bad = try store.commitEnrollment(
            userid: uid("bad"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
            operation: pushed("op-bad", receivedAt: t0), now: t0)
        let refusal = OutboxRefusal(errcode: 600124, errmsg: "algorithm not declared")
        #expect(
            try store.recordPermanentRefusal([bad.id], refusal: refusal, giveUpAfter: 2, now: t0 + 1).isEmpty)
        #expect(try store.recordPermanentRefusal([bad.id], refusal: refusal, giveUpAfter: 2, now: t0 + 6).count == 1)
        // Refused once for a passing reason: backed off 5 s, its oper_id still open at the listing.
        let good = try store.commitEnrollment(
            userid: uid("good"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(2),
            operation: pushed("op-good", receivedAt: t0 + 100), now: t0 + 100)
        try store.scheduleRetry([good.id], now: t0 + 110, refusal: OutboxRefusal(errcode: -1, errmsg: "system busy"))
        // A local deletion (it supersedes the upload of the template it deletes).
        try store.commitEnrollment(
            userid: uid("gone"), userType: .employee, slot: slot(.fingerprint, 1), template: fpTemplate(3),
            operation: nil, now: t0 + 50)
        try store.commitSlotDeletion(
            userid: uid("gone"), userType: .employee, slot: slot(.fingerprint, 1), operation: nil, now: t0 + 60)

        let lines = try store.listOutbox().map { $0.listingLine(now: t0 + 120, dates: Self.utc) }
        #expect(
            lines == [
                #"#1 bad fp#0 zfm-module-char-v1 512 bytes  re-push (result window passed)  attempts 2  GIVEN UP 2026-05-28 20:26:46Z: cloud refused 600124 "algorithm not declared""#,
                #"#2 good fp#0 zfm-module-char-v1 512 bytes  oper_id op-good  attempts 1  next 2026-05-28 20:28:35Z  last refusal -1 "system busy""#,
                "#4 gone fp#1 zfm-module-char-v1 delete  local/re-push  attempts 0  next 2026-05-28 20:27:40Z",
            ])
    }

    @Test func aRowGivenUpKeepsItsReasonAfterTheStoreIsReopened() throws {
        let folder = try TempDir()
        defer { folder.remove() }
        let path = folder.path("terminal.sqlite")
        do {
            let store = try TerminalStore.open(path: path)
            let row = try store.commitEnrollment(
                userid: uid("bad"), userType: .employee, slot: slot(.face, 2), template: faTemplate(1), operation: nil,
                now: t0)
            let refusal = OutboxRefusal(errcode: 600124, errmsg: "算法未声明")
            #expect(
                try store.recordPermanentRefusal([row.id], refusal: refusal, giveUpAfter: 1, now: t0 + 3600).count == 1)
            try store.close()
        }
        let reopened = try TerminalStore.open(path: path)
        defer { try? reopened.close() }
        let lines = try reopened.listOutbox().map { $0.listingLine(now: t0 + 7200, dates: Self.utc) }
        #expect(
            lines == [
                #"#1 bad fa#2 \#(AlgorithmID.default) 128 bytes  local/re-push  attempts 1  GIVEN UP 2026-05-28 21:26:40Z: cloud refused 600124 "算法未声明""#
            ])
    }
}
