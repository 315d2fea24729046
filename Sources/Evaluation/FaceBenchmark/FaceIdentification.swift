import FaceRecognition
import Foundation
import Measuring

/// 1:N accuracy of protected face templates over a gallery padded to `galleryCount` with `SyntheticFaces`.
///
/// Over three folds, the sorted subjects take the roles in turn (subject i: (i + fold) mod 3 → enrolled,
/// impostor, source): an enrolled subject's first `enrollImages` images are its gallery templates and
/// the rest probe; every image of an impostor probes; the source subjects' images only shape the
/// synthetic faces. Every probe is compared with the whole gallery (no early stop).
public struct FaceIdentification: Sendable {
    /// Entries of each fold's gallery, members included.
    public var galleryCount: Int
    /// Images of an enrolled subject that make its templates (one entry each, same member).
    public var enrollImages: Int
    /// Seed of the synthetic faces.
    public var seed: UInt64

    /// 10,000 entries, one enrolled image, seed 2024.
    public init(galleryCount: Int = 10_000, enrollImages: Int = 1, seed: UInt64 = 2024) {
        self.galleryCount = galleryCount
        self.enrollImages = enrollImages
        self.seed = seed
    }

    /// Outcomes and impostor scores of every probe of every fold.
    public struct Run: Sendable {
        /// One per probe, genuine and impostor.
        public var outcomes: [SearchOutcome] = []
        /// Every probe-versus-non-mate-entry score.
        public var nonMateScores = ScoreHistogram()
        /// Entries of the largest gallery searched.
        public var galleryEntries = 0
        /// Source embeddings the synthetic faces were drawn from, over all folds.
        public var sourceEmbeddings = 0
    }

    /// Runs every fold; `subjects` maps a subject to its embeddings in image order.
    public func run(subjects: [String: [FaceEmbedding]], protector: FaceTemplateProtector) -> Run {
        let names = subjects.keys.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        var run = Run()
        for fold in 0..<3 {
            var members: [(templates: [ProtectedFaceTemplate], probes: [ProtectedFaceTemplate])] = []
            var impostors: [ProtectedFaceTemplate] = []
            var sources: [FaceEmbedding] = []
            for (index, name) in names.enumerated() {
                let embeddings = subjects[name] ?? []
                switch (index + fold) % 3 {
                case 0:
                    let protected = embeddings.map(protector.protect)
                    members.append((Array(protected.prefix(enrollImages)), Array(protected.dropFirst(enrollImages))))
                case 1: impostors += embeddings.map(protector.protect)
                default: sources += embeddings
                }
            }
            run.sourceEmbeddings += sources.count
            var gallery: [(member: Int, template: ProtectedFaceTemplate)] = []
            for (member, entry) in members.enumerated() { gallery += entry.templates.map { (member, $0) } }
            let fillers = SyntheticFaces(seed: seed &+ UInt64(fold)).embeddings(
                from: sources, count: max(0, galleryCount - gallery.count))
            gallery += fillers.map { (-1, protector.protect($0)) }
            run.galleryEntries = max(run.galleryEntries, gallery.count)
            for (member, entry) in members.enumerated() {
                for probe in entry.probes { Self.search(probe, mate: member, in: gallery, into: &run) }
            }
            for probe in impostors { Self.search(probe, mate: nil, in: gallery, into: &run) }
        }
        return run
    }

    static func search(
        _ probe: ProtectedFaceTemplate, mate: Int?, in gallery: [(member: Int, template: ProtectedFaceTemplate)],
        into run: inout Run
    ) {
        var mateScore: Int?
        var bestOther: Int?
        for entry in gallery {
            // One key version by construction, so the distance cannot fail.
            let score = ProtectedFaceMatcher.score(distance: (try? probe.distance(to: entry.template)) ?? 2)
            if let mate, entry.member == mate {
                mateScore = max(mateScore ?? 0, score)
            } else {
                bestOther = max(bestOther ?? Int.min, score)
                run.nonMateScores.add(score)
            }
        }
        run.outcomes.append(SearchOutcome(mateScore: mateScore, bestNonMateScore: bestOther))
    }
}
