import Foundation

/// The shared FVC data (`../shared/data/fingerprints` from the package root) and temporary copies of it.
enum TestFolders {
    static let fingerprints: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data/fingerprints").standardizedFileURL.path

    static let synthetic = fingerprints + "/fvc2004_db4_b_synthetic_subset"

    static var sharedDataPresent: Bool { FileManager.default.fileExists(atPath: synthetic + "/101_1.tif") }

    /// A new empty temporary folder.
    static func temporary() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fpeval-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A temporary copy of fingers 101-103 (images and `.iso` records) of the synthetic FVC2004 set.
    static func threeFingerCopy() throws -> String {
        let target = try temporary()
        for finger in 101...103 {
            for impression in 1...8 {
                for ext in ["tif", "iso"] {
                    let name = "\(finger)_\(impression).\(ext)"
                    try FileManager.default.copyItem(atPath: synthetic + "/" + name, toPath: target + "/" + name)
                }
            }
        }
        return target
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
