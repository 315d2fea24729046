import Biometrics
import Foundation
import JSONSupport
import Testing
import WeComDevice

@testable import WeComCloudSim

/// The terminal's own `WeComClient` request types against the directory, over loopback.
@Suite("Directory pulls with the real client", .timeLimit(.minutes(5)))
struct DirectoryWithRealClientTests {
    @Test func theClientPagesThroughTheDirectoryAndDecodesTemplates() async throws {
        try await HostileCloudWorld.run { world in
            try await world.simulator.loadDirectory(memberLoad(count: 420))
            await world.states.waitForLogins(1)
            var users: [RemoteUser] = []
            var versions: Set<Int64> = []
            var offset = 0
            while true {
                let page = try await world.client.send(GetUserInfoByPage(offset: offset))
                users += page.users
                versions.insert(page.permVersion)
                if page.isLast { break }
                offset += page.users.count
            }
            #expect(users.count == 422)
            #expect(versions == [Int64(await world.simulator.currentPermVersion())])
            let member = try #require(users.first { $0.userid.rawValue == "m00007" })
            #expect(member.fingerprintAlgorithm == .zfmModule)
            #expect(member.fingerprints == [0: templateBytes(count: 64, seed: 8)])
            #expect(member.faces == [0: templateBytes(count: 128, seed: 100_007)])
            #expect(member.name == "Member 7")
        }
    }

    @Test func theClientFetchesByIDsAndDecodesTheChangePush() async throws {
        try await HostileCloudWorld.run { world in
            await world.states.waitForLogins(1)
            try await world.simulator.addMember(userid: "wangwu", userType: 2, name: "Wang Wu")
            let push = await world.pushes.next()
            let version = Int64(await world.simulator.currentPermVersion())
            guard case .changeContact(let change)? = push else {
                Issue.record("expected push_change_contact, got \(String(describing: push))")
                return
            }
            #expect(change.permVersion == version)
            #expect(change.created == [UserRef(userid: try UserID("wangwu"), userType: .student)])
            let fetched = try await world.client.send(
                GetUserInfoByIDs(users: change.created + [UserRef(userid: try UserID("ghost"))]))
            #expect(fetched.permVersion == version)
            #expect(fetched.users.map(\.userid.rawValue) == ["wangwu"])
            #expect(fetched.users.first?.userType == .student)
        }
    }

    @Test func theClientFetchesVisitorsAndDecodesTheVisitorPush() async throws {
        try await HostileCloudWorld.run { world in
            await world.states.waitForLogins(1)
            try await world.simulator.addVisitor(userid: "guest/1000006", name: "Guest")
            let push = await world.pushes.next()
            let version = Int64(await world.simulator.currentVisitorVersion())
            guard case .changeVisitors(let change)? = push else {
                Issue.record("expected push_visitor_list_change, got \(String(describing: push))")
                return
            }
            #expect(change.visitorVersion == version)
            #expect(change.created == [try UserID("guest/1000006")])
            let fetched = try await world.client.send(
                GetVisitorByIDs(visitors: change.created + [try UserID("ghost/1")]))
            #expect(fetched.visitorVersion == version)
            #expect(fetched.visitors.map(\.userid.rawValue) == ["guest/1000006"])
            #expect(fetched.visitors.first?.userType == .visitor)
            await #expect(throws: WeComError.self) {
                _ = try await world.client.send(GetVisitorByIDs(visitors: [try UserID("not-a-visitor-id")]))
            }
        }
    }
}
