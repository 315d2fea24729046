import Biometrics
import Foundation
import JSONSupport
import Testing
import WeComDevice

/// Frames over a budget are refused naming the budget; a logged-in session drops them and goes on.
@Suite(.timeLimit(.minutes(5))) struct FrameBudgetTests {
    private func budget(of text: String) -> String? {
        do {
            _ = try InboundFrame.decode(text)
            return nil
        } catch {
            guard case .overBudget(let budget, let limit) = error else { return "not a budget error: \(error)" }
            #expect(limit == WireBudget.json.limit(of: JSONLimits.Budget(rawValue: budget)!))
            return budget
        }
    }

    /// Hostile frames, each with the budget it must exceed.
    static func hostileFrames() -> [(text: String, budget: String)] {
        let deepArrays = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let deepObjects =
            #"{"cmd":"push_x","body":"# + String(repeating: #"{"a":"#, count: 100_000) + "1"
            + String(repeating: "}", count: 100_001)
        let oversized =
            #"{"cmd":"push_x","body":{"s":""# + String(repeating: "x", count: WireBudget.maxMessageBytes) + #""}}"#
        let hugeArray =
            #"{"cmd":"push_change_contact","body":{"perm_version":1,"delete_user":["#
            + String(repeating: "0,", count: WireBudget.json.maxValues) + "0]}}"
        let longString =
            #"{"cmd":"push_enter_page","body":{"page_type":"fp","oper_id":"o","userid":""#
            + String(repeating: "u", count: WireBudget.json.maxStringBytes + 1) + #""}}"#
        let longNumber =
            #"{"cmd":"push_x","body":{"n":1"# + String(repeating: "0", count: WireBudget.json.maxStringBytes) + "}}"
        return [
            (deepArrays, "maxDepth"), (deepObjects, "maxDepth"), (oversized, "maxBytes"), (hugeArray, "maxValues"),
            (longString, "maxStringBytes"), (longNumber, "maxStringBytes"),
        ]
    }

    @Test func eachHostileFrameIsRefusedNamingItsBudget() {
        for (text, expected) in Self.hostileFrames() {
            #expect(budget(of: text) == expected, "\(text.prefix(60))…")
        }
        #expect(
            FrameError.overBudget(budget: "maxDepth", limit: 16).description
                == "frame: over the JSON budget maxDepth = 16")
        // The deepest frame the protocol has fits.
        let deepest = #"{"headers":{"req_id":"r"},"errcode":0,"body":{"userinfo":[{"fp":[{"id":0,"data":"AA=="}]}]}}"#
        #expect(budget(of: deepest) == nil)
    }

    @Test func otherBrokenJSONIsNotJSONAndNeverTraps() {
        for text in [
            #"{"cmd":"push_x","body":{"n":1e400}}"#, #"{"cmd":"a","cmd":"b"}"#, "\u{FEFF}{}", #"{"a":"\ud800"}"#,
        ] {
            do {
                _ = try InboundFrame.decode(text)
                Issue.record("\(text) decoded")
            } catch {
                guard case .notJSON = error else {
                    Issue.record("\(text): expected notJSON, got \(error)")
                    continue
                }
            }
        }
    }

    @Test func aLoggedInSessionDropsHostileFramesAndKeepsWorking() async throws {
        let harness = try SessionHarness(credentials: DeviceCredentials(activeCode: "AC", secret: "S"))
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        for (text, _) in Self.hostileFrames() { cloud.endpoint.send(text) }
        cloud.endpoint.send(#"{"cmd":"push_x","body":{"n":1e400}}"#)
        cloud.endpoint.send(#"{"cmd":"push_enter_page","cmd":"push_exit_page"}"#)
        cloud.push("push_enter_page", body: ["page_type": "fp", "oper_id": "after", "userid": "u"])
        var pushes = harness.client.pushes.makeAsyncIterator()
        #expect(
            await pushes.next()
                == .enterPage(EnrollmentCommand(modality: .fingerprint, operID: "after", userid: try UserID("u"))))
        #expect(await harness.client.state == .loggedIn)
        let client = harness.client
        let version = Task { try await client.send(GetPermVersion()) }
        cloud.reply(to: try await cloud.expect("get_perm_version"), body: ["perm_version": "42"])
        #expect(try await version.value == 42)
        #expect(harness.transport.urls.count == 1, "the session must not have reconnected")
        await harness.stop()
    }
}
