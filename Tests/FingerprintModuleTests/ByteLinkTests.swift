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
