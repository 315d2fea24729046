import Biometrics
import FingerprintModule

/// The terminal's fingerprint sensor: a ZFM module driver behind some byte link, as a reader plus
/// the module-side matcher used for the duplicate check.
public struct FingerprintDevice: Sendable {
    public let reader: any FingerprintReader
    public let matcher: any Matcher
    /// For logs and `attendctl status`, e.g. "ZFM module on unix:/run/fp.sock".
    public let description: String

    /// Drives a ZFM module over `link`.
    public init(link: any ByteLink, address: UInt32, password: UInt32, description: String) {
        let module = ZFMModule(
            link: link,
            configuration: ZFMModule.Configuration(address: address, password: password == 0 ? nil : password))
        reader = ZFMFingerprintReader(module: module)
        matcher = ZFMMatcher(module: module)
        self.description = description
    }

    /// Any reader/matcher pair (instrumented ones in benchmarks, other drivers later).
    public init(reader: any FingerprintReader, matcher: any Matcher, description: String) {
        self.reader = reader
        self.matcher = matcher
        self.description = description
    }

    /// Opens the device the config names; nil for `none`.
    public static func open(_ config: DaemonConfig.Fingerprint) async throws -> FingerprintDevice? {
        switch config.link {
        case .none:
            return nil
        case .unixSocket(let path):
            let link = try await UnixSocketLink.connect(path: path)
            return FingerprintDevice(
                link: link, address: config.address, password: config.password,
                description: "ZFM module on unix:\(path)")
        }
    }
}
