import Foundation

/// A folder of FVC-named fingerprint images (`NNN_I.tif`), grouped by finger.
public struct FingerprintImageFolder: Sendable {
    /// One image file of a finger.
    public struct Impression: Sendable, Hashable {
        /// FVC finger number, e.g. "101".
        public let finger: String
        /// Impression number (1-8 in FVC).
        public let impression: Int
        /// The file.
        public let url: URL
    }

    /// The folder.
    public let url: URL
    /// File extension looked for (lower case, no dot).
    public let fileExtension: String

    /// A folder of `NNN_I.<fileExtension>` files.
    public init(_ url: URL, fileExtension: String = "tif") {
        self.url = url
        self.fileExtension = fileExtension.lowercased()
    }

    /// Every FVC-named image, sorted by finger then impression; other files are ignored.
    public func impressions() throws(FingerprintImageFileError) -> [Impression] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        return names.compactMap { name -> Impression? in
            guard (name as NSString).pathExtension.lowercased() == fileExtension,
                let parsed = FingerprintImageFile.fvcName(name)
            else { return nil }
            return Impression(
                finger: parsed.finger, impression: parsed.impression, url: url.appendingPathComponent(name))
        }
        .sorted { ($0.finger, $0.impression) < ($1.finger, $1.impression) }
    }

    /// Impressions grouped by finger number, each group sorted by impression.
    public func fingers() throws(FingerprintImageFileError) -> [String: [Impression]] {
        Dictionary(grouping: try impressions(), by: \.finger)
    }
}
