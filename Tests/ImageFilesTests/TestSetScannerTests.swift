import Foundation
import SharedTestData
import Testing

@testable import ImageFiles

struct TestSetScannerTests {
    /// A fresh temporary folder holding `files` (relative paths; folders are created).
    func folder(_ files: [String]) throws -> String {
        let root = NSTemporaryDirectory() + "imagefiles-scan-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for file in files {
            let path = root + "/" + file
            if file.hasSuffix("/") {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } else {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data([1]).write(to: URL(fileURLWithPath: path))
            }
        }
        return root
    }

    func expectScanError(
        _ kind: TestSetScanError.Kind, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("scan succeeded; expected \(kind)", sourceLocation: sourceLocation)
        } catch let error as TestSetScanError {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("untyped error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func fvcFolderMapsFingerToImpressionToPath() throws {
        let root = try folder([
            "101_1.tif", "101_2.TIF", "102_1.png", "102_8.bmp", "009_3.jpg", "101_1.iso", "README.txt", ".DS_Store",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let set = try TestSetScanner.fingerprints(in: root)
        #expect(set.fingerIDs == ["009", "101", "102"])
        #expect(set.imageCount == 5)
        #expect(set.fingers["101"] == [1: root + "/101_1.tif", 2: root + "/101_2.TIF"])
        #expect(set.path(finger: "102", impression: 8) == root + "/102_8.bmp")
        #expect(set.path(finger: "102", impression: 2) == nil)
    }

    @Test func fvcErrors() throws {
        let bad = try folder(["101_1.tif", "thumb.png"])
        let duplicate = try folder(["101_1.tif", "101_1.png"])
        let empty = try folder(["101_1.iso", "notes.txt"])
        defer { for root in [bad, duplicate, empty] { try? FileManager.default.removeItem(atPath: root) } }
        expectScanError(.unexpectedName) { _ = try TestSetScanner.fingerprints(in: bad) }
        expectScanError(.duplicate) { _ = try TestSetScanner.fingerprints(in: duplicate) }
        expectScanError(.noImages) { _ = try TestSetScanner.fingerprints(in: empty) }
        expectScanError(.unreadableFolder) { _ = try TestSetScanner.fingerprints(in: empty + "/missing") }
        expectScanError(.unreadableFolder) { _ = try TestSetScanner.fingerprints(in: empty + "/notes.txt") }
        for name in ["101-1.tif", "a01_1.tif", "101_.tif", "_1.tif", "101_1_2.tif"] {
            #expect(TestSetScanner.fvcName(name) == nil, "\(name)")
        }
        #expect(TestSetScanner.fvcName("101_12.tiff")! == ("101", 12))
    }

    @Test func faceFolderMapsSubjectToPaths() throws {
        let root = try folder(["s1/1.pgm", "s1/10.pgm", "s1/2.pgm", "s10/1.pgm", "s2/a.jpg", "s2/notes.txt", "README"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let set = try TestSetScanner.faces(in: root)
        #expect(set.subjectIDs == ["s1", "s2", "s10"])
        #expect(set.subjects["s1"] == ["1.pgm", "2.pgm", "10.pgm"].map { root + "/s1/" + $0 })
        #expect(set.subjects["s2"] == [root + "/s2/a.jpg"])
        #expect(set.imageCount == 5)
    }

    @Test func faceErrors() throws {
        let loose = try folder(["s1/1.pgm", "stray.jpg"])
        let emptySubject = try folder(["s1/1.pgm", "s2/readme.txt"])
        let noSubjects = try folder(["README"])
        defer { for root in [loose, emptySubject, noSubjects] { try? FileManager.default.removeItem(atPath: root) } }
        expectScanError(.imageOutsideSubject) { _ = try TestSetScanner.faces(in: loose) }
        expectScanError(.emptySubject) { _ = try TestSetScanner.faces(in: emptySubject) }
        expectScanError(.noImages) { _ = try TestSetScanner.faces(in: noSubjects) }
    }

    @Test(.enabled(if: SharedData.isPresent, "shared data folder ../shared/data is absent"))
    func sharedTestSetsScan() throws {
        let fvc = try TestSetScanner.fingerprints(in: SharedData.path("fingerprints/fvc2002_db1_b"))
        #expect(fvc.fingerIDs == (101...110).map(String.init))
        #expect(fvc.fingers.values.allSatisfy { Set($0.keys) == Set(1...8) })
        let orl = try TestSetScanner.faces(in: SharedData.path("faces/orl"))
        #expect(orl.subjects.count == 20 && orl.imageCount == 200)
        let knn = try TestSetScanner.faces(in: SharedData.path("faces/face_recognition_examples/knn_examples/train"))
        #expect(knn.subjectIDs.contains("obama"))
    }
}
