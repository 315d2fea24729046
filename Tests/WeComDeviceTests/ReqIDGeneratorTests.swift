import Testing
import WeComDevice

@Suite struct ReqIDGeneratorTests {
    @Test func idsNeverRepeatAcrossGeneratorsAndTasks() async {
        let first = ReqIDGenerator(prefix: "dev")
        let second = ReqIDGenerator(prefix: "dev")
        let ids = await withTaskGroup(of: [String].self) { group in
            for index in 0..<8 {
                let generator = index.isMultiple(of: 2) ? first : second
                group.addTask { (0..<2_000).map { _ in generator.next() } }
            }
            return await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(ids.count == 16_000)
        #expect(Set(ids).count == 16_000)
        #expect(ids.allSatisfy { $0.hasPrefix("dev-") })
    }
}
