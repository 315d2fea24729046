import Biometrics
import Foundation
import Testing
import WeComDevice

@testable import TerminalDaemon

@Suite("Pulled members: only declared algorithms are kept")
struct PulledMemberConversionTests {
    private let conversion = PulledMemberConversion(declared: [.fingerprint: [.zfmModule], .face: []])

    @Test("templates in a declared algorithm become the member's slots; undeclared ones are counted, not kept")
    func declaredOnly() throws {
        let kept = RemoteUser(
            userid: try UserID("a"), name: "A", fingerprintAlgorithm: .zfmModule,
            fingerprints: [0: Data([1]), 4: Data([2])], faces: [0: Data([3])], passRules: "[]", publicKey: "k")
        let other = RemoteUser(
            userid: try UserID("b"), fingerprintAlgorithm: AlgorithmID("vendor-x"), fingerprints: [1: Data([9])])
        let converted = conversion.convert([kept, other])
        #expect(converted.templates == 2 && converted.skippedTemplates == 1)
        #expect(converted.skippedDetails == ["b: 1 fp in vendor-x"])
        let a = converted.members[0]
        #expect(a.slots[.fingerprint]?.keys.sorted() == [0, 4])
        #expect(a.slots[.fingerprint]?[4] == Template(modality: .fingerprint, algorithm: .zfmModule, data: Data([2])))
        #expect(a.slots[.face] == nil, "faces were not declared: not requested, not touched")
        #expect(a.passRules == "[]" && a.publicKey == "k" && a.member.name == "A")
        #expect(converted.members[1].slots[.fingerprint] == nil, "an undeclared algorithm leaves the slots alone")
    }

    @Test("a member with no templates of a requested modality has none in the cloud")
    func noTemplatesMeansEmpty() throws {
        let converted = conversion.convert([RemoteUser(userid: try UserID("c"))])
        #expect(converted.members[0].slots[.fingerprint] == [:])
        #expect(!conversion.requestsFaces && conversion.requestsFingerprints)
    }
}
