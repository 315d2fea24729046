import Biometrics
import Foundation
import Minutiae

/// An ISO/IEC 19794-2:2005 record as the terminal meets one from the cloud (a stored fingerprint template):
/// parsed, its views prepared, and searched as the duplicate check does, with its first views (up to a
/// press count's worth) as the probe against all of its views.
enum ISORecordFuzz {
    /// Views of the probe: the presses of one enrollment.
    static let probeViews = 3
    private static let member = try? UserID("fuzz")
    private static let slot = SlotID(.fingerprint, 0)

    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let data = Data(bytes)
        let record: ISOMinutiaeRecord
        do {
            record = try ISOMinutiaeRecord(isoData: data)
        } catch {
            return .rejected(error)
        }
        let template = Template(modality: .fingerprint, algorithm: .isoMinutiae, data: data)
        guard let member, let slot else {
            return .accepted("record of \(record.views.count) view(s), not searched")
        }
        var gallery = MinutiaeGallery()
        do {
            try gallery.add(StoredTemplate(userid: member, slot: slot, template: template))
        } catch {
            return .rejected(error)
        }
        let views = gallery.entries.first?.views ?? []
        let best = gallery.identify(Array(views.prefix(probeViews)), stopAt: Int.max)
        return .accepted("record of \(record.views.count) view(s), best self-score \(best?.score ?? -1)")
    }
}
