import Biometrics
import Foundation
import Testing

@Suite("Biometrics domain")
struct SlotAndMemberTests {
    @Test("fingerprint slots are 0-9, face slots 0-11")
    func slotRanges() {
        #expect(SlotID(.fingerprint, 9) != nil)
        #expect(SlotID(.fingerprint, 10) == nil)
        #expect(SlotID(.face, 11) != nil)
        #expect(SlotID(.face, 12) == nil)
        #expect(SlotID(.face, -1) == nil)
        #expect(SlotID.all(.fingerprint).count == 10)
        #expect(SlotID.all(.face).map(\.index) == Array(0...11))
    }

    @Test("lowest free slot skips occupied ones and reports full")
    func lowestFree() {
        #expect(SlotID.lowestFree(.fingerprint, occupied: [])?.index == 0)
        #expect(SlotID.lowestFree(.fingerprint, occupied: [0, 1, 3])?.index == 2)
        #expect(SlotID.lowestFree(.fingerprint, occupied: Set(0...9)) == nil)
        #expect(SlotID.lowestFree(.face, occupied: Set(0...9))?.index == 10)
    }

    @Test("userid must be 1-128 bytes of UTF-8")
    func useridLength() throws {
        #expect(throws: MemberValidationError.useridLength(0)) { try UserID("") }
        _ = try UserID(String(repeating: "a", count: 128))
        #expect(throws: MemberValidationError.useridLength(129)) { try UserID(String(repeating: "a", count: 129)) }
        // 43 three-byte characters = 129 bytes although only 43 characters.
        #expect(throws: MemberValidationError.useridLength(129)) { try UserID(String(repeating: "张", count: 43)) }
        #expect(try UserID("zhangsan/1000006").rawValue == "zhangsan/1000006")
    }

    @Test("UserID decoding validates too")
    func useridDecoding() throws {
        let ok = try JSONDecoder().decode([UserID].self, from: Data(#"["lisi"]"#.utf8))
        #expect(ok.first?.rawValue == "lisi")
        #expect(throws: MemberValidationError.self) {
            try JSONDecoder().decode([UserID].self, from: Data(#"[""]"#.utf8))
        }
    }

    @Test("page_type raw values are the protocol's")
    func modalityRaw() {
        #expect(Modality(rawValue: "fp") == .fingerprint)
        #expect(Modality(rawValue: "fa") == .face)
        #expect(Modality(rawValue: "face") == nil)
    }
}
