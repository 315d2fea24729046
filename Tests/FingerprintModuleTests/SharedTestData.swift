import Foundation
import Testing

/// The project's shared test data, `../shared/data` relative to the package root.
enum SharedTestData {
    /// `<package root>/../shared/data`, found from this file's path (Tests/FingerprintModuleTests/…).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data")
        .standardizedFileURL

    /// The FVC2002 DB1_B folder (388 × 374 TIFFs).
    static let fvc2002 = root.appendingPathComponent("fingerprints/fvc2002_db1_b")
    /// The FVC2004 DB4_B synthetic subset (288 × 384 TIFFs).
    static let fvc2004 = root.appendingPathComponent("fingerprints/fvc2004_db4_b_synthetic_subset")
    /// ORL face images (92 × 112 binary PGM).
    static let orl = root.appendingPathComponent("faces/orl")

    /// Whether the shared data folder is present.
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: fvc2002.path)
    }

    /// Shown when tests skip.
    static let absentMessage = Comment(
        rawValue: "shared test data not found at \(root.path) (../shared/data from the package root)")
}
