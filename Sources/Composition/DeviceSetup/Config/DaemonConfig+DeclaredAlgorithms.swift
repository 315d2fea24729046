import Biometrics

extension DaemonConfig {
    /// The start-up check that every template the terminal's readers make carries an algorithm it
    /// declares to the cloud: the cloud refuses, for ever, an upload labelled with an undeclared one.
    /// `face` is the face camera's algorithm (it follows the face key's version), nil without one.
    /// Throws one line naming the configured list and what the reader produces.
    public func checkDeclaredAlgorithms(face: AlgorithmID?) throws(ConfigError) {
        if fingerprint.link != .none {
            let produced = fingerprint.templates.algorithm
            guard fingerprintAlgorithms.contains(produced) else {
                throw ConfigError(
                    key: "algorithms.fingerprint",
                    expected:
                        "the algorithm of fingerprint.templates \"\(fingerprint.templates.rawValue)\", \(produced), among those declared (add it, or leave algorithms.fingerprint out to declare what fingerprint.templates makes)",
                    got: Self.list(fingerprintAlgorithms))
            }
        }
        if let face, !faceAlgorithms.isEmpty, !faceAlgorithms.contains(face.rawValue) {
            throw ConfigError(
                key: "algorithms.face",
                expected:
                    "the face camera's algorithm \(face.rawValue) (from the face key's version) among those declared (add it, or leave algorithms.face empty to declare the camera's own)",
                got: Self.list(faceAlgorithms))
        }
    }

    private static func list(_ algorithms: [String]) -> String {
        "[" + algorithms.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }
}
