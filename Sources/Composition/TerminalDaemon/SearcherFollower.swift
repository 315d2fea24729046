import Biometrics
import TerminalStore

/// After the directory changed the store's templates, brings each searcher's own copy (the fingerprint
/// module's flash library, the ISO gallery's prepared views) in step with every template of its
/// algorithm, so the next duplicate check sends only what changed since.
struct SearcherFollower: Sendable {
    let store: TerminalStore
    let searchers: [Modality: any TemplateSearcher]
    let reporter: any TerminalReporter

    func follow() async {
        for (modality, searcher) in searchers {
            do {
                let templates = try await store.perform {
                    try $0.templates(modality: modality, algorithm: searcher.algorithm, excluding: nil)
                }
                try await searcher.prepare(templates.map(\.stored))
            } catch {
                reporter.report(
                    .notice(
                        "directory: \(searcher.algorithm) searcher not brought in step (the next check will): \(error)")
                )
            }
        }
    }
}
