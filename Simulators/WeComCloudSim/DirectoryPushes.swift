import JSONSupport

/// A member reference in a change push: `{userid, user_type}`.
struct ChangedPerson: Sendable, Hashable {
    var userid: String
    var userType: Int

    init(_ person: CloudMember) {
        userid = person.userid
        userType = person.userType
    }

    var json: JSONValue { ["userid": .string(userid), "user_type": .integer(Int64(userType))] }
}

/// The change pushes of spec §5 to every bound, logged-in device of the enterprise.
extension CloudSimulator {
    /// Bumps `perm_version` and pushes `push_change_contact{timestamp, perm_version, create_user, update_user,
    /// delete_user}` (each list always present, maybe empty) to every device but `except`.
    func announceContactChange(
        created: [ChangedPerson] = [], updated: [ChangedPerson] = [], deleted: [ChangedPerson] = [],
        except: String? = nil
    ) {
        directory.permVersion += 1
        broadcast(
            cmd: "push_change_contact",
            body: [
                "timestamp": .integer(Self.unixSeconds(wallClock.now())),
                "perm_version": .integer(Int64(directory.permVersion)),
                "create_user": .array(created.map(\.json)), "update_user": .array(updated.map(\.json)),
                "delete_user": .array(deleted.map(\.json)),
            ], except: except)
    }

    /// Bumps `perm_version` and pushes `push_change_userid{old_userid, new_userid, perm_version, user_type}`.
    func announceRename(from old: String, to person: CloudMember) {
        directory.permVersion += 1
        broadcast(
            cmd: "push_change_userid",
            body: [
                "old_userid": .string(old), "new_userid": .string(person.userid),
                "perm_version": .integer(Int64(directory.permVersion)), "user_type": .integer(Int64(person.userType)),
            ], except: nil)
    }

    /// Bumps `visitor_version` and pushes `push_visitor_list_change{visitor_version, create_visitor,
    /// update_visitor, delete_visitor}`, each entry `{userid: "UserId/agentid", user_type: 1}`.
    func announceVisitorChange(
        created: [ChangedPerson] = [], updated: [ChangedPerson] = [], deleted: [ChangedPerson] = [],
        except: String? = nil
    ) {
        directory.visitorVersion += 1
        broadcast(
            cmd: "push_visitor_list_change",
            body: [
                "visitor_version": .integer(Int64(directory.visitorVersion)),
                "create_visitor": .array(created.map(\.json)), "update_visitor": .array(updated.map(\.json)),
                "delete_visitor": .array(deleted.map(\.json)),
            ], except: except)
    }

    /// Pushes to every bound device with a logged-in connection, ordered by sn; offline devices miss it (and see
    /// the version gap later).
    private func broadcast(cmd: String, body: JSONValue, except: String?) {
        for device in deviceTable.values.sorted(by: { $0.sn < $1.sn }) where device.bound && device.sn != except {
            guard let id = device.connection, connections[id]?.loggedIn == true else { continue }
            push(to: device.sn, cmd: cmd, body: body)
        }
    }
}
