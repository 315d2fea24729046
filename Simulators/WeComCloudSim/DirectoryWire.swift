import Foundation
import JSONSupport

/// How a member or visitor goes on the wire in a pull answer (spec §5, §7).
extension CloudDirectory {
    /// `{userid, user_type, name, pass_rule_list, [public_key], [fp_algorithm, fp[{id,data}]],
    /// [fa_algorithm, fa_list[{id,data}]]}`. Templates are those of the device's best-ranked declared algorithm
    /// (`fp: []` without `fp_algorithm` when the member has none the device can use); a modality the pull did not
    /// ask for is left out entirely. `openvid`, `fp_ver` and `fa_ver` are not sent (their meaning is not known).
    func wireEntry(_ person: CloudMember, flags: PullFlags, fpAlgorithms: [String], faAlgorithms: [String]) -> JSONValue
    {
        var entry: JSONObject = [
            "userid": .string(person.userid), "user_type": .integer(Int64(person.userType)),
            "name": .string(person.name),
            "pass_rule_list": .array(
                person.passRules.map { rule in
                    [
                        "id": .integer(Int64(rule.id)), "rule": .string(rule.rule),
                        "effect_time": .integer(rule.effectTime),
                    ]
                }),
        ]
        if flags.publicKey { entry["public_key"] = .string(person.publicKey ?? "") }
        if flags.fingerprints {
            addTemplates(
                to: &entry, served(.fingerprint, for: person.userid, preference: fpAlgorithms), list: "fp",
                algorithm: "fp_algorithm")
        }
        if flags.faces {
            addTemplates(
                to: &entry, served(.face, for: person.userid, preference: faAlgorithms), list: "fa_list",
                algorithm: "fa_algorithm")
        }
        return .object(entry)
    }

    private func addTemplates(
        to entry: inout JSONObject, _ served: (algorithm: String, templates: [DirectoryTemplate])?, list: String,
        algorithm: String
    ) {
        guard let served else {
            entry[list] = .array([])
            return
        }
        entry[algorithm] = .string(served.algorithm)
        entry[list] = .array(
            served.templates.map { ["id": .integer(Int64($0.slot)), "data": .string($0.data.base64EncodedString())] })
    }
}
