import Biometrics
import TerminalStore
import WeComDevice

/// Turns the cloud's view of a member into what the store keeps: templates only in an algorithm this
/// terminal declared. Templates in another algorithm are counted, not stored, and the member's slots of
/// that modality are left as they are (the cloud would have sent a declared algorithm had it one).
struct PulledMemberConversion: Sendable {
    /// The algorithms this terminal declared, by modality; a modality without any is not requested.
    let declared: [Modality: Set<AlgorithmID>]

    var requestsFingerprints: Bool { !(declared[.fingerprint] ?? []).isEmpty }
    var requestsFaces: Bool { !(declared[.face] ?? []).isEmpty }

    struct Converted {
        var members: [PulledMember] = []
        var templates = 0
        var skippedTemplates = 0
        /// "userid: N fp templates in algo" for each skipped set, for the log.
        var skippedDetails: [String] = []
    }

    func convert(_ users: [RemoteUser]) -> Converted {
        var result = Converted()
        for user in users {
            var slots: [Modality: [Int: Template]] = [:]
            for (modality, algorithm, templates) in [
                (Modality.fingerprint, user.fingerprintAlgorithm, user.fingerprints),
                (Modality.face, user.faceAlgorithm, user.faces),
            ] where !(declared[modality] ?? []).isEmpty {
                if templates.isEmpty {
                    slots[modality] = [:]
                } else if declared[modality]?.contains(algorithm) == true {
                    slots[modality] = templates.mapValues {
                        Template(modality: modality, algorithm: algorithm, data: $0)
                    }
                    result.templates += templates.count
                } else {
                    result.skippedTemplates += templates.count
                    result.skippedDetails.append(
                        "\(user.userid): \(templates.count) \(modality.rawValue) in \(algorithm)")
                }
            }
            result.members.append(
                PulledMember(
                    member: Member(userid: user.userid, userType: user.userType, name: user.name ?? ""),
                    passRules: user.passRules, publicKey: user.publicKey, slots: slots))
        }
        return result
    }
}
