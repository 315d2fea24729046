import Biometrics
import Foundation

/// The duplicate check on the module itself: the candidates are kept in the module's flash library
/// and one HighSpeedSearch compares the probe with all of them. Comparing pairwise would send two
/// 512-byte templates per candidate over the link (minutes for 1,000 members at 57,600 baud); this
/// sends only what changed since the last call, then the probe.
///
/// The searcher owns library pages `0 ..< highWater`: it overwrites them as it assigns them and
/// deletes a page as soon as its template leaves the candidate set, so a search over that range
/// never sees a stale template. Candidates that do not fit in the library are compared pairwise.
public actor ZFMLibrarySearcher: TemplateSearcher {
    public nonisolated var algorithm: AlgorithmID { .zfmModule }

    private let module: ZFMModule
    private var pageOf: [Data: Int] = [:]
    private var templateAt: [Int: Data] = [:]
    private var freePages: [Int] = []
    private var highWater = 0
    private var librarySize: Int?

    public init(module: ZFMModule) {
        self.module = module
    }

    public func firstMatch(for probe: Template, among candidates: [StoredTemplate]) async throws -> StoredTemplate? {
        let wanted = Self.byBytes(candidates)
        let overflow = try await sync(wanted)
        if highWater > 0 {
            let pages = highWater
            let hit = try await module.exclusively { module in
                try await module.downChar(.one, Array(probe.data))
                return try await module.highSpeedSearch(.one, startPage: 0, pageCount: pages)
            }
            if let hit, let data = templateAt[hit.page], let candidate = wanted[data] { return candidate }
        }
        return try await PairwiseSearcher(matcher: ZFMMatcher(module: module)).firstMatch(for: probe, among: overflow)
    }

    /// HighSpeedSearch over the library (the module answers its best page and score at its own security
    /// level), then the overflow pairwise; a hit counts only when its score reaches `threshold`.
    public func identify(
        _ probe: Template, among candidates: [StoredTemplate], threshold: Int?
    ) async throws -> SearchHit? {
        let threshold = threshold ?? ZFMMatcher.defaultThreshold
        let wanted = Self.byBytes(candidates)
        let overflow = try await sync(wanted)
        var best: SearchHit?
        if highWater > 0 {
            let pages = highWater
            let hit = try await module.exclusively { module in
                try await module.downChar(.one, Array(probe.data))
                return try await module.highSpeedSearch(.one, startPage: 0, pageCount: pages)
            }
            if let hit, hit.score >= threshold, let data = templateAt[hit.page], let candidate = wanted[data] {
                best = SearchHit(candidate: candidate, score: hit.score, threshold: threshold)
            }
        }
        let pairwise = try await PairwiseSearcher(matcher: ZFMMatcher(module: module))
            .identify(probe, among: overflow, threshold: threshold)
        guard let pairwise else { return best }
        guard let found = best else { return pairwise }
        return pairwise.score > found.score ? pairwise : found
    }

    /// Makes the library hold `candidates` now, so the next search sends only what changed since.
    public func prepare(_ candidates: [StoredTemplate]) async throws {
        _ = try await sync(Self.byBytes(candidates))
    }

    /// How many library pages hold candidates now.
    public var pagesInUse: Int { templateAt.count }

    /// Makes the owned pages hold exactly the wanted templates that fit; returns those that do not.
    private func sync(_ wanted: [Data: StoredTemplate]) async throws -> [StoredTemplate] {
        let size: Int
        if let known = librarySize {
            size = known
        } else {
            size = try await module.readSysPara().librarySize
            librarySize = size
        }
        for (data, page) in pageOf where wanted[data] == nil {
            try await module.deleteChar(page: page, count: 1)
            pageOf[data] = nil
            templateAt[page] = nil
            freePages.append(page)
        }
        var overflow: [StoredTemplate] = []
        // In userid and slot order, so which candidates get the pages when they do not all fit is the same
        // from one run to the next.
        let missing = wanted.filter { pageOf[$0.key] == nil }.sorted {
            ($0.value.userid.rawValue, $0.value.slot.index) < ($1.value.userid.rawValue, $1.value.slot.index)
        }
        for (data, candidate) in missing {
            guard let page = nextPage(librarySize: size) else {
                overflow.append(candidate)
                continue
            }
            try await module.exclusively { module in
                try await module.downChar(.one, Array(data))
                try await module.store(.one, page: page)
            }
            pageOf[data] = page
            templateAt[page] = data
        }
        return overflow
    }

    /// One candidate per distinct template (the first of equal ones).
    private static func byBytes(_ candidates: [StoredTemplate]) -> [Data: StoredTemplate] {
        var wanted: [Data: StoredTemplate] = [:]
        for candidate in candidates where wanted[candidate.template.data] == nil {
            wanted[candidate.template.data] = candidate
        }
        return wanted
    }

    private func nextPage(librarySize: Int) -> Int? {
        if let page = freePages.popLast() { return page }
        guard highWater < librarySize else { return nil }
        defer { highWater += 1 }
        return highWater
    }
}
