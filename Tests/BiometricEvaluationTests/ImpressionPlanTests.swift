import Testing

@testable import BiometricEvaluation

@Suite("Impression plans from command-line lists")
struct ImpressionPlanTests {
    @Test func listsParse() throws {
        let plan = try ImpressionPlan(enroll: "1, 2,3", probe: "7,8")
        #expect(plan == ImpressionPlan(enroll: [1, 2, 3], probe: [7, 8]))
        #expect(plan.allImpressions == [1, 2, 3, 7, 8])
        #expect(ImpressionPlan.standard.allImpressions == Array(1...8))
    }

    @Test(arguments: [
        ("1,,2", "6", "enroll"), ("1,2", "six", "probe"), ("", "6", "enroll"), ("1,-2", "6", "enroll"),
        ("1,2", "2,3", "probe"),
    ])
    func badListsNameTheirField(enroll: String, probe: String, field: String) {
        #expect {
            try ImpressionPlan(enroll: enroll, probe: probe)
        } throws: { error in
            guard case .invalidPlan(let badField, _, _) = error as? FingerprintEvaluationError else { return false }
            return badField == field
        }
    }
}
