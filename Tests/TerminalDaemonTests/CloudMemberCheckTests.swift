import Biometrics
import Enrollment
import Foundation
import Logging
import TerminalStore
import Testing
import WeComDevice

@testable import TerminalDaemon

/// `check_userid` that cannot be asked is no answer (110), never "not in the device's scope" (108).
@Suite struct CloudMemberCheckTests {
    /// A transport that never connects: the client stays logged out.
    struct NoNetwork: WebSocketTransport {
        struct Unreachable: Error {}
        func connect(to url: URL) async throws -> any WebSocketConnection { throw Unreachable() }
    }

    @Test func aClientThatIsNotConnectedGivesNoAnswer() async throws {
        let configuration = try WeComClientConfiguration(
            sn: "SN-0001", key: .secretNo("SECRETNO"), firmwareVersion: "1.2.3")
        let client = WeComClient(
            configuration: configuration, credentials: StoreCredentialAdapter(store: try TerminalStore.inMemory()),
            transport: NoNetwork(), clock: ContinuousClock(), logger: Logger(label: "test"))
        let check = CloudMemberCheck(client: client, logger: Logger(label: "test"))
        let answer = await check.verifyUnknownMember(try UserID("zhangsan"))
        guard case .noAnswer(let why) = answer else {
            Issue.record("expected no answer, got \(answer)")
            return
        }
        #expect(why == "\(WeComError.notConnected)")
    }
}
