import FingerprintLinks
import FingerprintModule
import FingerprintModuleSim
import Foundation
import Testing

@Suite("Byte links")
struct ByteLinkTests {
    @Test("an in-process pair carries bytes both ways and times out when idle")
    func inProcessPair() async throws {
        let pair = InProcessLinkPair()
        try await pair.host.write([1, 2, 3])
        try await pair.host.write([4])
        #expect(try await pair.device.read(timeout: .seconds(1)) == [1, 2, 3, 4])
        try await pair.device.write([9])
        #expect(try await pair.host.read(timeout: .seconds(1)) == [9])
        await #expect(throws: ByteLinkError.timeout(.milliseconds(20))) {
            try await pair.host.read(timeout: .milliseconds(20))
        }
    }

    @Test("a waiting read wakes on data; closing delivers buffered bytes first")
    func wakeAndClose() async throws {
        let inbox = ByteInbox()
        async let received = inbox.read(timeout: .seconds(5))
        try await Task.sleep(for: .milliseconds(20))
        inbox.append([7, 8])
        #expect(try await received == [7, 8])
        inbox.append([5])
        inbox.close()
        #expect(try await inbox.read(timeout: .seconds(1)) == [5])
        await #expect(throws: ByteLinkError.closed) { try await inbox.read(timeout: .seconds(1)) }
    }

    @Test("a second concurrent read is refused")
    func concurrentRead() async throws {
        let inbox = ByteInbox()
        async let first = inbox.read(timeout: .seconds(5))
        try await Task.sleep(for: .milliseconds(20))
        await #expect(throws: ByteLinkError.concurrentRead) { try await inbox.read(timeout: .seconds(1)) }
        inbox.append([1])
        #expect(try await first == [1])
    }

    @Test("bytes past the budget are dropped with what was buffered; the next read says so, later reads work")
    func overflow() async throws {
        let inbox = ByteInbox(budget: ByteInboxBudget(maxBufferedBytes: 8))
        inbox.append([1, 2, 3, 4, 5])
        inbox.append([6, 7, 8])
        #expect(inbox.bufferedByteCount == 8)
        inbox.append([9])
        #expect(inbox.bufferedByteCount == 0)
        inbox.append([10, 11])
        inbox.append(Array(repeating: 12, count: 100))
        await #expect(throws: ByteLinkError.overflow(limit: 8, discardedBytes: 111)) {
            try await inbox.read(timeout: .seconds(1))
        }
        inbox.append([13, 14])
        #expect(try await inbox.read(timeout: .seconds(1)) == [13, 14])
        #expect(
            ByteLinkError.overflow(limit: 8, discardedBytes: 111).description
                == "input overflow: more than 8 bytes arrived while nobody read; 111 bytes discarded")
    }

    @Test("an arrival larger than the budget wakes a waiting reader with the overflow")
    func overflowWakesReader() async throws {
        let inbox = ByteInbox(budget: ByteInboxBudget(maxBufferedBytes: 4))
        let received = Task { try await inbox.read(timeout: .seconds(5)) }
        try await Task.sleep(for: .milliseconds(20))
        inbox.append([1, 2, 3, 4, 5])
        await #expect(throws: ByteLinkError.overflow(limit: 4, discardedBytes: 5)) { try await received.value }
        inbox.append([6])
        #expect(try await inbox.read(timeout: .seconds(1)) == [6])
    }

    @Test("after close, an overflow and the bytes after it are still reported before .closed")
    func overflowThenClose() async throws {
        let inbox = ByteInbox(budget: ByteInboxBudget(maxBufferedBytes: 2))
        inbox.append([1, 2, 3])
        inbox.append([4])
        inbox.close()
        await #expect(throws: ByteLinkError.overflow(limit: 2, discardedBytes: 3)) {
            try await inbox.read(timeout: .seconds(1))
        }
        #expect(try await inbox.read(timeout: .seconds(1)) == [4])
        await #expect(throws: ByteLinkError.closed) { try await inbox.read(timeout: .seconds(1)) }
    }

    @Test("a producer that never stops holds at most the budget")
    func endlessProducer() async throws {
        let budget = ByteInboxBudget.default
        let inbox = ByteInbox()
        let chunk = [UInt8](repeating: 0x55, count: 4096)
        let appends = 4 * budget.maxBufferedBytes / chunk.count
        for _ in 0..<appends {
            inbox.append(chunk)
            #expect(inbox.bufferedByteCount <= budget.maxBufferedBytes)
        }
        // Each overflow drops a full buffer plus the chunk that did not fit.
        let cycle = budget.maxBufferedBytes / chunk.count + 1
        await #expect(
            throws: ByteLinkError.overflow(
                limit: budget.maxBufferedBytes, discardedBytes: appends / cycle * cycle * chunk.count)
        ) {
            try await inbox.read(timeout: .seconds(1))
        }
        #expect(try await inbox.read(timeout: .seconds(1)).count == appends % cycle * chunk.count)
    }

    @Test("connecting to a missing socket names the path")
    func missingSocket() async {
        let path = NSTemporaryDirectory() + "zfm-missing-\(UUID().uuidString.prefix(8)).sock"
        do {
            _ = try await UnixSocketLink.connect(path: path)
            Issue.record("connect should fail")
        } catch {
            #expect(error.description.contains(path))
        }
    }

    @Test("a path longer than sockaddr_un holds is refused")
    func longPath() async {
        let path = "/tmp/" + String(repeating: "x", count: 200)
        await #expect(throws: ByteLinkError.self) { try await UnixSocketLink.connect(path: path) }
    }
}
