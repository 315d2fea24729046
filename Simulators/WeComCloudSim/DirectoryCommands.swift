import JSONSupport

/// The directory pulls a device makes: `get_userinfo_by_page`, `get_userinfo_by_ids`, `get_visitor_by_ids`.
/// The request rules are in `DirectoryRequestRules`.
extension CloudSimulator {
    /// One page of the members in userid order, with the current `perm_version` (a device restarts from offset 0
    /// when it differs from the one of its earlier pages).
    func userInfoByPage(_ body: RequestBody, connection id: Int) throws -> JSONValue {
        let query = try DirectoryRequestRules.page(body)
        let order = directory.memberOrder()
        let start = min(query.offset, order.count)
        let end = min(start + query.limit, order.count)
        let device = pullingDevice(id)
        pageRequests.append(CloudPageRequest(sn: connections[id]?.sn ?? "", offset: query.offset, limit: query.limit))
        let users = order[start..<end].compactMap { directory.members[$0] }.map {
            directory.wireEntry($0, flags: query.flags, fpAlgorithms: device.fp, faAlgorithms: device.fa)
        }
        return [
            "is_last": .bool(end == order.count), "perm_version": .integer(Int64(directory.permVersion)),
            "userinfo": .array(users),
        ]
    }

    /// Members (and visitors, by their `UserId/agentid`) by id. A `user_item` matches only with its user_type;
    /// a `userids[]` entry matches a member first, then a visitor. Unknown ones go into `fail_list`.
    func userInfoByIDs(_ body: RequestBody, connection id: Int) throws -> JSONValue {
        let (people, flags) = try DirectoryRequestRules.ids(body)
        let device = pullingDevice(id)
        var users: [JSONValue] = []
        var failed: [JSONValue] = []
        for query in people {
            guard let person = directory.person(query.userid), query.userType.map({ $0 == person.userType }) ?? true
            else {
                failed.append(.string(query.userid))
                continue
            }
            users.append(directory.wireEntry(person, flags: flags, fpAlgorithms: device.fp, faAlgorithms: device.fa))
        }
        return [
            "perm_version": .integer(Int64(directory.permVersion)), "userinfo": .array(users),
            "fail_list": .array(failed),
        ]
    }

    /// Visitors by `UserId/agentid`, with the current `visitor_version`; unknown ones go into `fail_list`.
    func visitorsByIDs(_ body: RequestBody, connection id: Int) throws -> JSONValue {
        let (ids, flags) = try DirectoryRequestRules.visitorIDs(body)
        let device = pullingDevice(id)
        var users: [JSONValue] = []
        var failed: [JSONValue] = []
        for userid in ids {
            guard let visitor = directory.visitors[userid] else {
                failed.append(.string(userid))
                continue
            }
            users.append(directory.wireEntry(visitor, flags: flags, fpAlgorithms: device.fp, faAlgorithms: device.fa))
        }
        return [
            "visitor_version": .integer(Int64(directory.visitorVersion)), "userinfo": .array(users),
            "fail_list": .array(failed),
        ]
    }

    /// The algorithms the pulling device declared at `subscribe_corp`.
    private func pullingDevice(_ id: Int) -> (fp: [String], fa: [String]) {
        guard let sn = connections[id]?.sn, let device = deviceTable[sn] else { return ([], []) }
        return (device.fpAlgorithms, device.faAlgorithms)
    }
}
