import Hummingbird
import JSONSupport

/// The enterprise's self-enrollment switches: whether its members may enroll a fingerprint (`fp`) or a
/// face (`fa`) at a terminal themselves.
public struct CloudSelfInputSwitches: Sendable, Hashable, Codable {
    public var fp: Bool
    public var fa: Bool

    public init(fp: Bool = false, fa: Bool = false) {
        self.fp = fp
        self.fa = fa
    }
}

/// Setting the switches pushes `push_open_self_input{open_self_input_fp, open_self_input_fa}` to every
/// bound, logged-in device of the enterprise; a device offline then misses it (as every push) and keeps
/// what it last received (the protocol's "get switch state" request is not documented, so none is served).
///
///     POST /admin/self_input {fp: bool, fa: bool} → {fp, fa, pushed_to: [sn]}    GET /admin/self_input → {fp, fa}
extension CloudSimulator {
    /// Sets the switches and pushes them; returns the devices it reached, ordered by sn.
    @discardableResult
    public func setSelfInput(_ switches: CloudSelfInputSwitches) -> [String] {
        selfInput = switches
        let body: JSONValue = ["open_self_input_fp": .bool(switches.fp), "open_self_input_fa": .bool(switches.fa)]
        var reached: [String] = []
        for device in deviceTable.values.sorted(by: { $0.sn < $1.sn }) where device.bound {
            guard let id = device.connection, connections[id]?.loggedIn == true else { continue }
            if push(to: device.sn, cmd: "push_open_self_input", body: body) { reached.append(device.sn) }
        }
        return reached
    }

    /// The switches as last set.
    public func selfInputSwitches() -> CloudSelfInputSwitches { selfInput }

    nonisolated func addSelfInputRoutes(to admin: RouterGroup<SimRequestContext>) {
        admin.post("self_input") { request, _ in
            try await self.adminCall(request) { body in
                let switches = CloudSelfInputSwitches(fp: try body.bool("fp"), fa: try body.bool("fa"))
                let reached = await self.setSelfInput(switches)
                return AdminResponse(
                    status: .ok,
                    json: [
                        "fp": .bool(switches.fp), "fa": .bool(switches.fa),
                        "pushed_to": .array(reached.map { .string($0) }),
                    ])
            }
        }
        admin.get("self_input") { _, _ in AdminResponse.encoded(await self.selfInputSwitches()).response }
    }
}

extension AdminBody {
    /// A required boolean.
    func bool(_ key: String) throws -> Bool {
        guard let value = json[key], value != .null else {
            throw CloudSimError.invalidField(field: key, expected: "true or false, but it is missing")
        }
        guard case .bool(let flag) = value else {
            throw CloudSimError.invalidField(field: key, expected: "true or false, got \(value.jsonText())")
        }
        return flag
    }
}
