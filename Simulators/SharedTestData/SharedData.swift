import Foundation
import Testing

/// The shared test data (`../shared/data` next to the package root), located from this file's path:
/// Simulators/SharedTestData/SharedData.swift → ../../../shared/data.
public enum SharedData {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")
    public static let faces = root.appendingPathComponent("faces")
    public static let fingerprints = root.appendingPathComponent("fingerprints")

    /// Whether the face images are there (a clone without `../shared` skips the tests that need them).
    public static var isPresent: Bool { FileManager.default.fileExists(atPath: faces.path) }

    /// Why a test that needs the shared data was skipped.
    public static var skipMessage: Comment {
        Comment(
            rawValue: "shared test data absent: \(faces.path) not found (../shared/data relative to the project root)")
    }

    /// The path of `relative` under the shared data folder.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Every file under `folder` (relative to the shared data folder), recursively, sorted.
    public static func files(under folder: String) -> [String] {
        let base = path(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        return enumerator.compactMap { $0 as? String }.map { base + "/" + $0 }
            .filter { !isDirectory($0) }.sorted()
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// ORL subject `subject`'s image `image` (PGM).
    public static func orl(_ subject: Int, _ image: Int) -> URL {
        faces.appendingPathComponent("orl/s\(subject)/\(image).pgm")
    }

    /// The bytes of one of face_recognition's example photos.
    public static func example(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: faces.appendingPathComponent("face_recognition_examples/\(name)")))
    }
}
