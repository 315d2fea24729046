import Foundation
import JSONSupport

@testable import WeComCloudSim

/// A `TestDevice` is only ever used by one task at a time (the outer script waits while the inner one runs).
extension TestDevice: @unchecked Sendable {}

/// The second device of the two-device tests.
let secondDevice = DeviceFixture(sn: "SN-TEST-0002", secretNo: "secretno-0002", faAlgorithms: ["face-v2"])

/// Runs `script` with two logged-in devices of the enterprise (`DeviceFixture()` and `secondDevice`).
func withTwoDevices(
    simulator: CloudSimulator, port: Int, _ script: @escaping @Sendable (TestDevice, TestDevice) async throws -> Void
) async throws {
    try await simulator.addDevice(sn: secondDevice.sn, secretNo: secondDevice.secretNo)
    try await withDevice(port: port) { first in
        try await first.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
        try await withDevice(port: port) { second in
            try await second.logIn(secondDevice, simulator: simulator, now: testEpoch)
            try await script(first, second)
        }
    }
}

/// `count` members `m00000`… with one fingerprint (slot 0) and one face (slot 0) template each.
func memberLoad(count: Int, fpAlgorithm: String = "zfm-module-char-v1", faAlgorithm: String = "default")
    -> [CloudMemberLoad]
{
    (0..<count).map { index in
        CloudMemberLoad(
            member: CloudMember(userid: String(format: "m%05d", index), name: "Member \(index)"),
            templates: [
                CloudTemplateLoad(
                    pageType: .fingerprint, slot: 0, algorithm: fpAlgorithm,
                    data: templateBytes(count: 64, seed: UInt32(index + 1))),
                CloudTemplateLoad(
                    pageType: .face, slot: 0, algorithm: faAlgorithm,
                    data: templateBytes(count: 128, seed: UInt32(index + 100_000))),
            ])
    }
}

extension JSONValue {
    /// The userids of a pull answer's `userinfo`.
    var pulledUserids: [String] {
        self["body"]?["userinfo"]?.arrayValue?.compactMap { $0["userid"]?.stringValue } ?? []
    }

    /// The `index`th entry of a pull answer's `userinfo`, nil when there is none.
    func pulledUser(_ index: Int) -> JSONValue? {
        guard let users = self["body"]?["userinfo"]?.arrayValue, users.indices.contains(index) else { return nil }
        return users[index]
    }

    /// `is_last` of a page answer.
    var isLast: Bool? {
        if case .bool(let flag)? = self["body"]?["is_last"] { return flag }
        return nil
    }

    /// `perm_version` of an answer's body.
    var permVersion: Int64? { self["body"]?["perm_version"]?.strictIntValue }
}

/// The errcode a response or push field carries, as an Int64 JSON value.
func code(_ value: Int) -> JSONValue { .integer(Int64(value)) }
