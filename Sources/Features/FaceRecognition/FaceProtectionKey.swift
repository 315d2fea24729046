/// A tenant's secret for protected face templates: 32 random bytes and a version that changes on rotation.
/// Every terminal of one enterprise holds the same key so templates synced from the cloud still match;
/// the key itself is never uploaded.
public struct FaceProtectionKey: Sendable, Hashable {
    /// Key length in bytes.
    public static let byteCount = 32

    /// Rotation counter, carried in every protected template and its algorithm id.
    public let version: UInt32
    /// The secret bytes.
    public let bytes: [UInt8]

    /// Wraps existing key material (e.g. provisioned from the tenant); rejects a wrong length.
    public init(version: UInt32, bytes: [UInt8]) throws(FaceKeyError) {
        guard bytes.count == Self.byteCount else {
            throw .malformed(field: "key bytes", detail: "\(bytes.count) bytes, expected \(Self.byteCount)")
        }
        guard version >= 1 else { throw .malformed(field: "key version", detail: "0, expected 1 or more") }
        self.version = version
        self.bytes = bytes
    }

    /// A fresh key from the system's cryptographic random source.
    public static func generate(version: UInt32 = 1) -> FaceProtectionKey {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        // Length and version are valid by construction.
        return FaceProtectionKey(unchecked: max(version, 1), bytes: bytes)
    }

    private init(unchecked version: UInt32, bytes: [UInt8]) {
        self.version = version
        self.bytes = bytes
    }
}
