import Foundation
import Testing

/// The project's shared test data (`../shared/data` from the package root), when present.
enum SampleData {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data").path

    static let orlSubject1 = root + "/faces/orl/s1"
    static let faceJPEG = root + "/faces/face_recognition_examples/obama-240p.jpg"

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: orlSubject1 + "/1.pgm") }
    static let skipReason: Comment = "../shared/data is absent"
}
