import Biometrics

/// BioHash-style protection: the embedding is projected by a secret, key-seeded random matrix whose
/// rows come in blocks of 128 orthonormal vectors, and each projection's sign becomes one bit. Without
/// the key the bits reveal little about the face; a new key version gives unlinkable templates.
/// Sign bits approximate the angle between embeddings (Hamming / bits ≈ angle / π).
public struct FaceTemplateProtector: Sendable {
    /// Bit counts a template may have.
    public static let supportedBitCounts = [256, 320, 384, 448, 512]
    /// Default bit count.
    public static let defaultBitCount = 512

    /// The key's version (in every template and the algorithm id).
    public let keyVersion: UInt32
    /// Bits per template.
    public let bitCount: Int
    /// Row-major `bitCount` × 128 projection.
    private let projection: [Double]
    /// Subtracted from every embedding before projection.
    let centre: [Double]

    /// Derives the projection from `key`; `bitCount` must be one of `supportedBitCounts`.
    public init(key: FaceProtectionKey, bitCount: Int = defaultBitCount) throws(ProtectedTemplateError) {
        try self.init(key: key, bitCount: bitCount, centre: FaceEmbeddingCentre.values)
    }

    init(key: FaceProtectionKey, bitCount: Int, centre: [Double]) throws(ProtectedTemplateError) {
        self.centre = centre
        guard Self.supportedBitCounts.contains(bitCount) else {
            throw .malformed(field: "bit count", detail: "\(bitCount), expected one of \(Self.supportedBitCounts)")
        }
        keyVersion = key.version
        self.bitCount = bitCount
        projection = Self.makeProjection(key: key.bytes, rows: bitCount)
    }

    /// The algorithm id of templates made with this key and bit count, e.g. `face-dlib128-biohash512-k1`.
    public var algorithm: AlgorithmID { Self.algorithm(keyVersion: keyVersion, bitCount: bitCount) }

    /// The algorithm id for a key version and bit count.
    public static func algorithm(keyVersion: UInt32, bitCount: Int = defaultBitCount) -> AlgorithmID {
        AlgorithmID("face-dlib128-biohash\(bitCount)-k\(keyVersion)")
    }

    /// Key version and bit count named by a protected-template algorithm id; nil for any other id.
    public static func parameters(of algorithm: AlgorithmID) -> (keyVersion: UInt32, bitCount: Int)? {
        let prefix = "face-dlib128-biohash"
        let raw = algorithm.rawValue
        guard raw.hasPrefix(prefix) else { return nil }
        let parts = raw.dropFirst(prefix.count).split(separator: "-k", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let bits = Int(parts[0]), supportedBitCounts.contains(bits),
              let version = UInt32(parts[1]), version >= 1, algorithm == Self.algorithm(keyVersion: version, bitCount: bits)
        else { return nil }
        return (version, bits)
    }

    /// The protected form of `embedding`.
    public func protect(_ embedding: FaceEmbedding) -> ProtectedFaceTemplate {
        var bits = [UInt8](repeating: 0, count: bitCount / 8)
        let values = (0..<FaceEmbedding.dimension).map { Double(embedding.values[$0]) - centre[$0] }
        projection.withUnsafeBufferPointer { matrix in
            for row in 0..<bitCount {
                var sum = 0.0
                let base = row * FaceEmbedding.dimension
                for column in 0..<FaceEmbedding.dimension { sum += matrix[base + column] * values[column] }
                if sum > 0 { bits[row / 8] |= 0x80 >> UInt8(row % 8) }
            }
        }
        return ProtectedFaceTemplate(keyVersion: keyVersion, bitCount: bitCount, bits: bits)
    }

    /// The protected form as a `Template` ready to store and upload.
    public func template(for embedding: FaceEmbedding) -> Template {
        protect(embedding).template(algorithm: algorithm)
    }

    /// Gaussian rows, orthonormalised by modified Gram–Schmidt within each block of 128.
    private static func makeProjection(key: [UInt8], rows: Int) -> [Double] {
        let n = FaceEmbedding.dimension
        var generator = KeyedGenerator(key: key, domain: 0x4641_4345_4249_4F48)  // "FACEBIOH"
        var matrix = (0..<(rows * n)).map { _ in generator.nextGaussian() }
        for row in 0..<rows {
            let base = row * n
            let blockStart = (row / n) * n
            for previous in blockStart..<row {
                let other = previous * n
                var dot = 0.0
                for k in 0..<n { dot += matrix[base + k] * matrix[other + k] }
                for k in 0..<n { matrix[base + k] -= dot * matrix[other + k] }
            }
            var norm = 0.0
            for k in 0..<n { norm += matrix[base + k] * matrix[base + k] }
            norm = norm.squareRoot()
            for k in 0..<n { matrix[base + k] /= norm }
        }
        return matrix
    }
}
