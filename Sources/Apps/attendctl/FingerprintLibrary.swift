import ArgumentParser
import DeviceSetup
import FingerprintModule

struct FingerprintTemplates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Which library pages hold a template, and how many (template bytes are never printed).")

    @OptionGroup var options: FingerprintLinkOptions

    func run() async throws {
        let lines = try await options.open().use { session in
            let size = try await session.parameters().librarySize
            let count = try await session.service.templateCount()
            let pages = try await session.service.occupiedPages()
            return [
                "\(count) of \(size) library pages hold a template",
                "occupied pages: \(pages.isEmpty ? "none" : pageRanges(pages))",
            ]
        }
        lines.forEach(say)
    }
}

struct FingerprintDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Deletes the templates at library pages --slot … --slot + --count - 1 (DeleteChar).")

    @OptionGroup var options: FingerprintLinkOptions

    @Option(help: "The first library page to delete.")
    var slot: Int

    @Option(help: "How many consecutive pages to delete.")
    var count: Int = 1

    func validate() throws {
        guard slot >= 0 else { throw ValidationError("--slot: expected a library page 0 or above, got \(slot)") }
        guard count >= 1 else { throw ValidationError("--count: expected 1 or more, got \(count)") }
    }

    func run() async throws {
        let lines = try await options.open().use { session in
            let size = try await session.parameters().librarySize
            try FingerprintToolSettings.checkPages(slot, count: count, librarySize: size)
            let before = try await session.service.templateCount()
            try await session.service.deleteTemplates(page: slot, count: count)
            let after = try await session.service.templateCount()
            let pages = count == 1 ? "page \(slot)" : "pages \(slot)-\(slot + count - 1)"
            return ["deleted \(pages): \(before - after) template(s) removed, \(after) left"]
        }
        lines.forEach(say)
    }
}

struct FingerprintEmpty: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "empty", abstract: "Deletes every template in the module's library (Empty); needs --yes.")

    @OptionGroup var options: FingerprintLinkOptions

    @Flag(help: "Confirm that the whole library is to be erased.")
    var yes = false

    func validate() throws {
        guard yes else {
            throw ValidationError("empty erases every template on the module: add --yes to confirm")
        }
    }

    func run() async throws {
        let lines = try await options.open().use { session in
            let before = try await session.service.templateCount()
            try await session.service.emptyLibrary()
            let after = try await session.service.templateCount()
            return ["library emptied: \(before) template(s) removed, \(after) left"]
        }
        lines.forEach(say)
    }
}
