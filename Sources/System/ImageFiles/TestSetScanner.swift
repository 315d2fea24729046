import Foundation

/// A fingerprint test set in FVC layout: one folder of `NNN_I.ext` files (finger NNN, impression I).
public struct FingerprintTestSet: Sendable, Equatable {
    /// The scanned folder.
    public let folder: String
    /// Finger number (as written, e.g. "101") → impression → file path.
    public let fingers: [String: [Int: String]]

    /// Finger numbers in numeric order.
    public var fingerIDs: [String] { fingers.keys.sorted(by: naturalOrder) }
    /// Number of image files.
    public var imageCount: Int { fingers.values.reduce(0) { $0 + $1.count } }

    /// The path of one impression of one finger, if present.
    public func path(finger: String, impression: Int) -> String? { fingers[finger]?[impression] }
}

/// A face test set: one sub-folder per subject holding that subject's images.
public struct FaceTestSet: Sendable, Equatable {
    /// The scanned folder.
    public let folder: String
    /// Subject (sub-folder name) → image paths in natural order.
    public let subjects: [String: [String]]

    /// Subject names in natural order ("s2" before "s10").
    public var subjectIDs: [String] { subjects.keys.sorted(by: naturalOrder) }
    /// Number of image files.
    public var imageCount: Int { subjects.values.reduce(0) { $0 + $1.count } }
}

/// Finds the images of biometric test sets on disk (hidden files and non-image files are ignored).
public enum TestSetScanner {
    /// File extensions (lower case) treated as images.
    public static let imageExtensions: Set<String> = ["tif", "tiff", "png", "bmp", "pgm", "ppm", "jpg", "jpeg"]

    /// Scans an FVC-style folder of `NNN_I.ext` images.
    public static func fingerprints(in folder: String) throws(TestSetScanError) -> FingerprintTestSet {
        var fingers: [String: [Int: String]] = [:]
        for name in try listing(folder) where isImageName(name) {
            let path = folder + "/" + name
            guard !isDirectory(path) else { continue }
            guard let (finger, impression) = fvcName(name) else {
                throw TestSetScanError(
                    kind: .unexpectedName, path: path,
                    expected: "NNN_I.ext (finger number, underscore, impression number)", found: name)
            }
            if let existing = fingers[finger]?[impression] {
                throw TestSetScanError(
                    kind: .duplicate, path: path, expected: "one file per finger \(finger) impression \(impression)",
                    found: "also \((existing as NSString).lastPathComponent)")
            }
            fingers[finger, default: [:]][impression] = path
        }
        guard !fingers.isEmpty else {
            throw TestSetScanError(
                kind: .noImages, path: folder, expected: "NNN_I image files (\(extensionList))", found: "none")
        }
        return FingerprintTestSet(folder: folder, fingers: fingers)
    }

    /// Scans a folder of subject sub-folders, each holding that subject's face images.
    public static func faces(in folder: String) throws(TestSetScanError) -> FaceTestSet {
        var subjects: [String: [String]] = [:]
        for name in try listing(folder) {
            let path = folder + "/" + name
            if isDirectory(path) {
                let images = try listing(path).filter { isImageName($0) && !isDirectory(path + "/" + $0) }
                guard !images.isEmpty else {
                    throw TestSetScanError(
                        kind: .emptySubject, path: path, expected: "image files (\(extensionList))", found: "none")
                }
                subjects[name] = images.sorted(by: naturalOrder).map { path + "/" + $0 }
            } else if isImageName(name) {
                throw TestSetScanError(
                    kind: .imageOutsideSubject, path: path,
                    expected: "images inside subject folders (subject/image.ext)", found: "an image in the top folder")
            }
        }
        guard !subjects.isEmpty else {
            throw TestSetScanError(
                kind: .noImages, path: folder, expected: "subject folders holding images", found: "none")
        }
        return FaceTestSet(folder: folder, subjects: subjects)
    }

    /// Finger number and impression of a name like `101_3.tif`, or nil.
    static func fvcName(_ name: String) -> (finger: String, impression: Int)? {
        let stem = (name as NSString).deletingPathExtension
        let parts = stem.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, isDigits(parts[0]), isDigits(parts[1]), parts[1].count <= 9,
            let impression = Int(parts[1])
        else {
            return nil
        }
        return (String(parts[0]), impression)
    }

    private static var extensionList: String { imageExtensions.sorted().joined(separator: ", ") }

    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func isImageName(_ name: String) -> Bool {
        !name.hasPrefix(".") && imageExtensions.contains((name as NSString).pathExtension.lowercased())
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// Visible entries of `folder`.
    private static func listing(_ folder: String) throws(TestSetScanError) -> [String] {
        guard isDirectory(folder) else {
            throw TestSetScanError(
                kind: .unreadableFolder, path: folder, expected: "a folder",
                found: FileManager.default.fileExists(atPath: folder) ? "a file" : "nothing")
        }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }
        } catch {
            throw TestSetScanError(
                kind: .unreadableFolder, path: folder, expected: "a listable folder", found: error.localizedDescription)
        }
    }
}

/// Orders names with embedded numbers by value ("s2" < "s10", "101" < "1000").
func naturalOrder(_ a: String, _ b: String) -> Bool {
    a.compare(b, options: .numeric) == .orderedAscending
}
