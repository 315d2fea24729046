import Foundation

/// Which impressions of each finger enroll and which probe (FVC protocol: enroll 1-5, probe 6-8).
public struct ImpressionPlan: Sendable, Hashable, Codable {
    /// Impressions enrolled as the views of each finger's gallery entry.
    public var enroll: [Int]
    /// Impressions verified against their own finger and identified against the others.
    public var probe: [Int]

    /// The standard quick protocol of the shared data: enroll 1-5, probe 6-8.
    public static let standard = ImpressionPlan(enroll: [1, 2, 3, 4, 5], probe: [6, 7, 8])

    /// A plan; `validated()` checks it.
    public init(enroll: [Int], probe: [Int]) {
        self.enroll = enroll
        self.probe = probe
    }

    /// A plan from command-line lists such as "1,2,3,4,5" and "6,7,8", validated.
    public init(enroll: String, probe: String) throws(FingerprintEvaluationError) {
        self.init(enroll: try Self.list(enroll, field: "enroll"), probe: try Self.list(probe, field: "probe"))
        _ = try validated()
    }

    /// Every impression the plan needs, ascending.
    public var allImpressions: [Int] { Array(Set(enroll + probe)).sorted() }

    /// The plan itself when both lists are non-empty, positive, without repeats and disjoint.
    public func validated() throws(FingerprintEvaluationError) -> ImpressionPlan {
        for (field, list) in [("enroll", enroll), ("probe", probe)] {
            guard !list.isEmpty else {
                throw .invalidPlan(field: field, expected: "at least one impression number", found: "an empty list")
            }
            if let bad = list.first(where: { $0 < 1 }) {
                throw .invalidPlan(field: field, expected: "impression numbers of 1 or more", found: "\(bad)")
            }
            guard Set(list).count == list.count else {
                throw .invalidPlan(field: field, expected: "each impression once", found: Self.text(list))
            }
        }
        let shared = Set(enroll).intersection(probe)
        guard shared.isEmpty else {
            throw .invalidPlan(
                field: "probe", expected: "impressions not also enrolled",
                found: Self.text(shared.sorted()))
        }
        return self
    }

    private static func list(_ text: String, field: String) throws(FingerprintEvaluationError) -> [Int] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var values: [Int] = []
        for item in items {
            guard item.count <= 9, !item.isEmpty, item.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(item)
            else {
                throw .invalidPlan(
                    field: field, expected: "comma-separated impression numbers such as 1,2,3",
                    found: "\"\(text)\"")
            }
            values.append(value)
        }
        return values
    }

    /// "1,2,3".
    static func text(_ list: [Int]) -> String { list.map(String.init).joined(separator: ",") }
}
