import Foundation

/// Templates a terminal uploads join the directory and reach the enterprise's other terminals.
extension CloudSimulator {
    /// Stores (or deletes) the uploaded slots. When a member's templates changed, the upload is one change:
    /// `perm_version` + 1 and `push_change_contact{update_user}` to every other device (not the uploader, which
    /// holds them already); visitors likewise with `visitor_version` and `update_visitor`. A deletion (`data: ""`)
    /// removes the slot in every algorithm.
    func storeTemplates(_ entries: [UploadedUserEntry], sn: String, at now: Date) {
        var members: [ChangedPerson] = []
        var visitors: [ChangedPerson] = []
        for entry in entries {
            var changed = false
            for update in entry.updates {
                if let data = update.data {
                    let algorithm =
                        (update.pageType == .fingerprint ? entry.fpAlgorithm : entry.faAlgorithm) ?? "default"
                    directory.store(
                        DirectoryTemplate(
                            pageType: update.pageType, slot: update.slot, algorithm: algorithm, data: data, sn: sn,
                            storedAt: now), for: entry.userid)
                    changed = true
                } else if directory.deleteSlot(update.pageType, slot: update.slot, for: entry.userid) {
                    changed = true
                }
            }
            guard changed, let person = directory.person(entry.userid) else { continue }
            if directory.isVisitor(entry.userid) {
                visitors.append(ChangedPerson(person))
            } else {
                members.append(ChangedPerson(person))
            }
        }
        if !members.isEmpty { announceContactChange(updated: members, except: sn) }
        if !visitors.isEmpty { announceVisitorChange(updated: visitors, except: sn) }
    }
}
