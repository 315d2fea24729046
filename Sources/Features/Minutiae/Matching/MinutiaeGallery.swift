import Biometrics

/// Prepared templates of many members (member → slots → views) for 1:N identification.
public struct MinutiaeGallery: Sendable {
    /// One slot of one member: the prepared views of its record (one per enrollment press).
    public struct Entry: Sendable {
        /// The member.
        public let userid: UserID
        /// The member's fingerprint slot.
        public let slot: SlotID
        /// One prepared set per view (enrollment press).
        public let views: [PreparedMinutiae]

        /// An entry of already prepared views.
        public init(userid: UserID, slot: SlotID, views: [PreparedMinutiae]) {
            self.userid = userid
            self.slot = slot
            self.views = views
        }
    }

    /// The matcher used to prepare and compare.
    public let matcher: MinutiaeMatcher
    /// Every slot held, in insertion order.
    public private(set) var entries: [Entry] = []

    /// An empty gallery.
    public init(matcher: MinutiaeMatcher = MinutiaeMatcher()) {
        self.matcher = matcher
    }

    /// A gallery of already prepared entries, searched in the order given (kept as they are, even when
    /// two share a member and slot).
    public init(matcher: MinutiaeMatcher, entries: [Entry]) {
        self.matcher = matcher
        self.entries = entries
    }

    /// Adds (or replaces) the slot `slot` of `userid` with the given minutiae sets, one per view.
    public mutating func add(userid: UserID, slot: SlotID, views: [MinutiaeSet]) {
        remove(userid: userid, slot: slot)
        entries.append(Entry(userid: userid, slot: slot, views: views.map { matcher.prepare($0) }))
    }

    /// Adds (or replaces) a stored template of algorithm `AlgorithmID.isoMinutiae` (an ISO record).
    public mutating func add(_ stored: StoredTemplate) throws(ISOTemplateMatcherError) {
        let views = try ISOTemplateMatcher(matcher: matcher).prepare(stored.template)
        remove(userid: stored.userid, slot: stored.slot)
        entries.append(Entry(userid: stored.userid, slot: stored.slot, views: views))
    }

    /// Removes one slot of a member, or all of its slots when `slot` is nil.
    public mutating func remove(userid: UserID, slot: SlotID? = nil) {
        entries.removeAll { $0.userid == userid && (slot == nil || $0.slot == slot) }
    }

    /// 1:1: the best score of `probe` against every view of the member's slot (or all its slots).
    public func verify(_ probe: PreparedMinutiae, userid: UserID, slot: SlotID? = nil) -> GalleryCandidate? {
        best([probe], among: { $0.userid == userid && (slot == nil || $0.slot == slot) }, stopAt: Int.max)
    }

    /// 1:N: the best-scoring slot view for `probe`, skipping `excluding` (the member being enrolled).
    /// The search stops early at the first score of `stopAt` or more (by default the threshold: any
    /// match ends it, as a duplicate check wants; pass `Int.max` for the true best).
    /// Nil when the gallery holds no other entry.
    public func identify(
        _ probe: PreparedMinutiae, excluding: UserID? = nil,
        stopAt: Int? = nil
    ) -> GalleryCandidate? {
        identify([probe], excluding: excluding, stopAt: stopAt)
    }

    /// 1:N for a probe of several views (e.g. the presses of one ISO record): as `identify(_:excluding:stopAt:)`,
    /// comparing every probe view with each entry view in turn (entries in order, then their views, then
    /// the probe views). Nil when no comparison was made.
    public func identify(
        _ probeViews: [PreparedMinutiae], excluding: UserID? = nil,
        stopAt: Int? = nil
    ) -> GalleryCandidate? {
        best(probeViews, among: { $0.userid != excluding }, stopAt: stopAt ?? matcher.threshold)
    }

    /// The highest score over the entries `included` accepts, the earliest one winning ties; returns as
    /// soon as a score reaches `stopAt`.
    private func best(
        _ probeViews: [PreparedMinutiae], among included: (Entry) -> Bool,
        stopAt: Int
    ) -> GalleryCandidate? {
        var best: GalleryCandidate?
        for (entryIndex, entry) in entries.enumerated() where included(entry) {
            for (viewIndex, view) in entry.views.enumerated() {
                for probe in probeViews {
                    let score = matcher.score(probe, view)
                    if score > (best?.score ?? -1) {
                        best = GalleryCandidate(
                            entry: entryIndex, userid: entry.userid, slot: entry.slot, view: viewIndex, score: score,
                            isMatch: score >= matcher.threshold)
                        if score >= stopAt { return best }
                    }
                }
            }
        }
        return best
    }
}

/// The best candidate of a search and its score.
public struct GalleryCandidate: Sendable, Hashable {
    /// Index of the entry in the gallery's `entries`.
    public let entry: Int
    /// The member.
    public let userid: UserID
    /// The slot whose view scored best.
    public let slot: SlotID
    /// Index of the best view in the slot's record.
    public let view: Int
    /// The best score (see `MinutiaeMatcher.score`).
    public let score: Int
    /// Whether `score` reaches the matcher's threshold.
    public let isMatch: Bool
}
