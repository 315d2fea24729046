import Biometrics
import TerminalStore
import WeComDevice

/// Keeps the store's member directory in step with the cloud's `push_change_contact`: deleted members
/// go at once (with their templates); created and updated ones are fetched, at most 200 a request.
struct DirectorySync: Sendable {
    let store: TerminalStore
    let client: WeComClient
    let reporter: any TerminalReporter

    func apply(_ change: ContactChange) async {
        do {
            try await store.perform { store in
                for user in change.deleted { try store.deleteMember(user.userid) }
            }
            let wanted = change.created + change.updated
            for chunk in stride(from: 0, to: wanted.count, by: maxUsersPerRequest) {
                let users = Array(wanted[chunk..<min(chunk + maxUsersPerRequest, wanted.count)])
                let fetched = try await client.send(
                    GetUserInfoByIDs(users: users, includeFingerprints: false, includeFaces: false))
                try await store.perform { store in
                    for user in fetched.users {
                        try store.upsertMember(
                            Member(userid: user.userid, userType: user.userType, name: user.name ?? ""))
                    }
                }
            }
            try await store.perform { try $0.savePermVersion(change.permVersion) }
        } catch {
            reporter.report(.notice("push_change_contact v\(change.permVersion) not fully applied: \(error)"))
        }
    }

    /// `push_change_userid`: the member is renamed with their templates and pending uploads, then the
    /// version is stored. A rename of a member this terminal does not hold only stores the version.
    func apply(_ change: UserIDChange) async {
        do {
            try await store.perform { store in
                if try store.member(change.oldUserID) != nil {
                    try store.renameMember(from: change.oldUserID, to: change.newUserID)
                }
                try store.savePermVersion(change.permVersion)
            }
        } catch {
            reporter.report(.notice("push_change_userid v\(change.permVersion) not applied: \(error)"))
        }
    }
}
