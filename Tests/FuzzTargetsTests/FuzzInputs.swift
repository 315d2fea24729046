import Foundation
import FuzzTargets

/// The committed fuzz inputs, located from this file's path: Tests/FuzzTargetsTests → ../../Fuzz.
enum FuzzInputs {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// The seed corpus of `target` (Fuzz/Corpus/<name>).
    static func seeds(_ target: FuzzTarget) -> [String] {
        files(in: root.appendingPathComponent("Corpus/\(target.rawValue)").path)
    }

    /// The inputs that once crashed, hung or exhausted `target` (Fuzz/Regressions/<name>; may be absent).
    static func regressions(_ target: FuzzTarget) -> [String] {
        files(in: root.appendingPathComponent("Regressions/\(target.rawValue)").path)
    }

    /// Seeds named `reject-*` are kept because the decoder must refuse them; all others must decode.
    static func mustBeRejected(_ path: String) -> Bool {
        (path as NSString).lastPathComponent.hasPrefix("reject-")
    }

    private static func files(in folder: String) -> [String] {
        (try? FuzzDriver.inputFiles(at: folder)) ?? []
    }

    static func bytes(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }
}
