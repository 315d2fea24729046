import Biometrics

/// Compares two ZFM templates on the module: DownChar probe → buffer 1, reference → buffer 2, Match.
public struct ZFMMatcher: Matcher {
    /// Match scores at or above this are the same finger. 50 is what ZFM modules accept at the
    /// default security level 3 (the simulator uses 30/40/50/70/90 for levels 1-5); raise it with
    /// the module's security level.
    public static let defaultThreshold = 50

    /// The module that compares.
    public let module: ZFMModule
    /// Scores at or above this are the same finger.
    public let threshold: Int
    /// Always `.zfmModule`.
    public var algorithm: AlgorithmID { .zfmModule }

    /// A matcher on `module` deciding at `threshold`.
    public init(module: ZFMModule, threshold: Int = ZFMMatcher.defaultThreshold) {
        self.module = module
        self.threshold = threshold
    }

    /// The module's Match score (0 when the module reports no match with score 0).
    /// Throws `ZFMError.invalidArgument` for templates of another algorithm or size.
    public func score(_ probe: Template, _ reference: Template) async throws -> Int {
        try Self.check(probe, "probe")
        try Self.check(reference, "reference")
        return try await module.exclusively { module in
            try await module.downChar(.one, Array(probe.data))
            try await module.downChar(.two, Array(reference.data))
            return try await module.match().score
        }
    }

    private static func check(_ template: Template, _ name: String) throws(ZFMError) {
        guard template.algorithm == .zfmModule else {
            throw .invalidArgument(
                field: "\(name).algorithm", expected: "\(AlgorithmID.zfmModule), got \(template.algorithm)")
        }
        guard ZFMModule.charFileSizes.contains(template.data.count) else {
            throw .invalidArgument(field: "\(name).data", expected: "256 or 512 bytes, got \(template.data.count)")
        }
    }
}
