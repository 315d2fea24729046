import Foundation
import MinutiaeTesting
import Testing

@testable import Minutiae

@Suite(
    "ISO record: shared commercial and SourceAFIS records",
    .enabled(if: MinutiaeTestData.available, "skipped: ../shared/data/fingerprints is absent"))
struct ISORecordSharedDataTests {
    @Test(arguments: MinutiaeTestData.fvcFolders)
    func everyFVCRecordReadsAndRewritesIdentically(folder: String) throws {
        let files = try MinutiaeTestData.isoFiles(in: folder)
        #expect(files.count == (folder.hasPrefix("fvc2002") ? 80 : 40))
        for file in files {
            let data = try Data(contentsOf: file)
            let record = try ISOMinutiaeRecord(isoData: data)
            #expect(record.views.count == 1, "\(file.lastPathComponent)")
            #expect(record.xResolution == 197 && record.yResolution == 197)
            let minutiae = record.views[0].minutiae
            #expect((10...100).contains(minutiae.count), "\(file.lastPathComponent): \(minutiae.count) minutiae")
            #expect(minutiae.allSatisfy { $0.x < record.width && $0.y < record.height })
            // These records carry no extended data, so our writer reproduces them byte for byte.
            #expect(try record.isoData() == data, "\(file.lastPathComponent)")
        }
    }

    @Test(arguments: ["iso-probe.dat", "iso-matching.dat", "iso-nonmatching.dat"])
    func sourceAFISRecordsWithExtendedDataAndPaddingRead(name: String) throws {
        let data = try Data(contentsOf: MinutiaeTestData.fingerprints.appendingPathComponent("sourceafis-test/\(name)"))
        let record = try ISOMinutiaeRecord(isoData: data)
        #expect(record.views.count == 1)
        #expect(record.views[0].minutiae.count >= 30)
        #expect(data.count > 263)  // zero padding follows the declared length
    }

    @Test func sourceAFISNonMatchingRecordScoresBelowTheThreshold() throws {
        func load(_ name: String) throws -> MinutiaeSet {
            let url = MinutiaeTestData.fingerprints.appendingPathComponent("sourceafis-test/\(name)")
            return try ISOMinutiaeRecord(isoData: Data(contentsOf: url)).minutiaeSets[0]
        }
        let matcher = MinutiaeMatcher()
        let probe = try load("iso-probe.dat")
        // The shared iso-matching.dat is byte-identical to iso-probe.dat, so it is no genuine-pair test.
        #expect(try load("iso-matching.dat") == probe)
        let nonMatching = matcher.score(matcher.prepare(probe), matcher.prepare(try load("iso-nonmatching.dat")))
        #expect(nonMatching < matcher.threshold, "non-matching pair scored \(nonMatching)")
    }
}
