import Biometrics
import Foundation
import ImageFiles
import Imaging

/// Loads the shared test fingerprints (uncompressed 8-bit TIFF) for the extraction tests.
enum ExtractionTestImages {
    /// `../shared/data/fingerprints` next to the package root, or nil when it is absent.
    static let fingerprintsFolder: URL? = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/fingerprints")
        return FileManager.default.fileExists(atPath: folder.path) ? folder : nil
    }()

    static let missingDataMessage = "../shared/data/fingerprints is absent: extraction tests on real images skipped"

    /// The FVC image `name` (e.g. "101_1") of `set`, or nil when the data folder is absent.
    static func fvc(_ set: String, _ name: String) throws -> GrayImage? {
        guard let folder = fingerprintsFolder else { return nil }
        return try tiff(at: folder.appendingPathComponent(set).appendingPathComponent(name + ".tif"))
    }

    /// Reads a grey image file (the FVC sets are uncompressed 8-bit TIFF).
    static func tiff(at url: URL) throws -> GrayImage {
        try ImageFile.loadGray(path: url.path)
    }
}
