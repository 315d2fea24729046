import Foundation

/// A full pull under way, saved with every page it applied so that the next login resumes it.
public struct DirectoryPullProgress: Codable, Sendable, Hashable {
    /// Marks the members this pull listed; the end of the pull removes the others.
    public var generation: Int64
    /// The `perm_version` the pages must carry; a page with another one restarts the pull.
    public var targetVersion: Int64
    /// Offset of the next page.
    public var nextOffset: Int
    public var startedAt: Date
    public var pages = 0
    public var members = 0
    public var templates = 0
    /// Templates in an algorithm this terminal did not declare: counted, not stored.
    public var skippedTemplates = 0

    public init(generation: Int64, targetVersion: Int64, startedAt: Date) {
        self.generation = generation
        self.targetVersion = targetVersion
        self.nextOffset = 0
        self.startedAt = startedAt
    }
}

/// The last full pull that finished.
public struct DirectoryPullRecord: Codable, Sendable, Hashable {
    public var version: Int64
    public var startedAt: Date
    public var finishedAt: Date
    public var pages: Int
    public var members: Int
    public var templates: Int
    public var skippedTemplates: Int
    /// Members the pull removed because the cloud no longer lists them.
    public var membersRemoved: Int

    public init(progress: DirectoryPullProgress, finishedAt: Date, membersRemoved: Int) {
        version = progress.targetVersion
        startedAt = progress.startedAt
        self.finishedAt = finishedAt
        pages = progress.pages
        members = progress.members
        templates = progress.templates
        skippedTemplates = progress.skippedTemplates
        self.membersRemoved = membersRemoved
    }
}

extension DirectoryPullRecord: CustomStringConvertible {
    /// "v4 in 0.1 s: 2 members, 1 template, 1 page", then what was not kept and what was removed.
    public var description: String {
        let seconds = String(format: "%.1f", finishedAt.timeIntervalSince(startedAt))
        var text =
            "v\(version) in \(seconds) s: \(Self.count(members, "member")), \(Self.count(templates, "template")), \(Self.count(pages, "page"))"
        if skippedTemplates > 0 {
            text += ", \(Self.count(skippedTemplates, "template")) in undeclared algorithms not kept"
        }
        if membersRemoved > 0 { text += ", \(Self.count(membersRemoved, "member")) no longer listed removed" }
        return text
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
