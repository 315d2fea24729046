import Biometrics
import Foundation
import Minutiae
import SystemSupport

/// The duplicate check for ISO templates: `MinutiaeGallery`'s 1:N search over every other member's slots,
/// as a `TemplateSearcher`. Each stored template's views are prepared once and kept while its bytes stay
/// the same, so a search costs only the comparisons. Runs on its own thread, stops at the first match.
public actor ISOGallerySearcher: TemplateSearcher {
    private struct Prepared {
        let data: Data
        let views: [PreparedMinutiae]
    }

    private struct Key: Hashable {
        let userid: UserID
        let slot: SlotID
    }

    public nonisolated let matcher: ISOTemplateMatcher
    private var cache: [Key: Prepared] = [:]
    private let worker = OffPoolWorker(label: "ISOGallerySearcher.search")

    public init(matcher: ISOTemplateMatcher = ISOTemplateMatcher()) {
        self.matcher = matcher
    }

    public nonisolated var algorithm: AlgorithmID { .isoMinutiae }

    /// Prepared templates held now (for tests and status).
    public var cachedCount: Int { cache.count }

    /// The first candidate whose score reaches the matcher's threshold (`identify` at that threshold).
    public func firstMatch(for probe: Template, among candidates: [StoredTemplate]) async throws -> StoredTemplate? {
        try await identify(probe, among: candidates, threshold: nil)?.candidate
    }

    /// 1:N over the prepared gallery on its own thread, stopping at the first score that reaches `threshold`.
    public func identify(
        _ probe: Template, among candidates: [StoredTemplate], threshold: Int?
    ) async throws -> SearchHit? {
        let threshold = threshold ?? matcher.threshold
        let probeViews = try matcher.prepare(probe)
        let prepared = views(of: candidates)
        try Task.checkCancellation()
        let gallery = MinutiaeGallery(
            matcher: matcher.matcher,
            entries: prepared.map { candidate, views in
                MinutiaeGallery.Entry(userid: candidate.userid, slot: candidate.slot, views: views)
            })
        let stored = prepared.map(\.0)
        return await worker.run { () -> SearchHit? in
            guard let best = gallery.identify(probeViews, stopAt: threshold), best.score >= threshold else {
                return nil
            }
            return SearchHit(candidate: stored[best.entry], score: best.score, threshold: threshold)
        }
    }

    /// Prepares the views of every ISO candidate not yet cached (a change push or pull just stored them),
    /// so the next search costs only the comparisons.
    public func prepare(_ candidates: [StoredTemplate]) async throws {
        _ = views(of: candidates)
    }

    /// The candidates' prepared views, from the cache where their bytes are unchanged; the cache keeps
    /// exactly these candidates afterwards.
    private func views(of candidates: [StoredTemplate]) -> [(StoredTemplate, [PreparedMinutiae])] {
        var prepared: [(StoredTemplate, [PreparedMinutiae])] = []
        prepared.reserveCapacity(candidates.count)
        var seen = Set<Key>()
        for candidate in candidates where candidate.template.algorithm == .isoMinutiae {
            let key = Key(userid: candidate.userid, slot: candidate.slot)
            seen.insert(key)
            if let cached = cache[key], cached.data == candidate.template.data {
                prepared.append((candidate, cached.views))
                continue
            }
            // A stored template that cannot be read is skipped: it can match nothing, and the new
            // enrollment must not fail because of an old record.
            guard let views = try? matcher.prepare(candidate.template) else { continue }
            cache[key] = Prepared(data: candidate.template.data, views: views)
            prepared.append((candidate, views))
        }
        // Slots that are gone (deleted, re-enrolled under another key) leave the cache.
        if cache.count > seen.count { cache = cache.filter { seen.contains($0.key) } }
        return prepared
    }
}
