/// An opaque template-algorithm identifier as declared in `subscribe_corp.ext_args` and named in every
/// upload (`fp_algorithm` / `fa_algorithm`). Stable; bumped only when templates become incompatible.
public struct AlgorithmID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// WeCom's implicit default algorithm.
    public static let `default` = AlgorithmID("default")
    /// Templates built on a ZFM-family module (512-byte on-module template).
    public static let zfmModule = AlgorithmID("zfm-module-char-v1")

    public var description: String { rawValue }
}
