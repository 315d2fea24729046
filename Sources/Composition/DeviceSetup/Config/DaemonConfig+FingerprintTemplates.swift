import Biometrics
import Minutiae

extension DaemonConfig {
    /// Where fingerprint templates are made (`fingerprint.templates`).
    public enum FingerprintTemplates: String, Sendable, Equatable, CaseIterable {
        /// On the module: its own 512-byte char file, fast over a slow UART.
        case module
        /// On the host from the module's images: ISO/IEC 19794-2:2005 minutiae records, readable by any
        /// ISO matcher. Each press uploads an image (about 6 s at 57,600 baud, 50 ms over native USB).
        case iso

        /// The algorithm id the terminal declares for these templates.
        public var algorithm: String {
            switch self {
            case .module: AlgorithmID.zfmModule.rawValue
            case .iso: AlgorithmID.isoMinutiae.rawValue
            }
        }
    }

    static func parseTemplates(_ text: String?, key: String) throws -> FingerprintTemplates {
        guard let text else { return .module }
        guard let templates = FingerprintTemplates(rawValue: text) else {
            throw ConfigError(
                key: key, expected: "\"module\" (made on the module) or \"iso\" (ISO minutiae made on the host)",
                got: "\"\(text)\"")
        }
        return templates
    }
}
