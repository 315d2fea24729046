import Synchronization

/// Makes `req_id`s: `<prefix>-<process-wide counter>-<random>`, never repeated within a process.
public struct ReqIDGenerator: Sendable {
    /// Shared by every generator so two generators with the same prefix still never collide.
    private static let counter = Atomic<UInt64>(0)

    public let prefix: String

    public init(prefix: String = "dev") {
        self.prefix = prefix
    }

    /// The next unique id.
    public func next() -> String {
        let count = Self.counter.add(1, ordering: .relaxed).newValue
        let random = UInt32.random(in: .min ... .max)
        let suffix = String(random, radix: 16)
        return "\(prefix)-\(count)-\(String(repeating: "0", count: 8 - suffix.count))\(suffix)"
    }
}
