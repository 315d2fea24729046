import Biometrics
@testable import FaceRecognition
import Foundation
import Testing

/// Protected templates on synthetic embeddings (no models needed): clusters around random centres
/// offset by the embedding centre, like real dlib embeddings.
struct ProtectionTests {
    /// Deterministic embeddings: `people` centres, `samples` noisy copies each (noise 0.03 per value).
    static func embeddings(people: Int, samples: Int, seed: UInt64 = 7) throws -> [String: [FaceEmbedding]] {
        var generator = KeyedGenerator(key: Array(repeating: UInt8(truncatingIfNeeded: seed), count: 32), domain: seed)
        var result: [String: [FaceEmbedding]] = [:]
        for person in 0..<people {
            let centre = (0..<128).map { FaceEmbeddingCentre.values[$0] + 0.09 * generator.nextGaussian() }
            for _ in 0..<samples {
                let values = centre.map { Float($0 + 0.03 * generator.nextGaussian()) }
                result["p\(person)", default: []].append(try FaceEmbedding(values: values))
            }
        }
        return result
    }

    static func key(_ version: UInt32, fill: UInt8) throws -> FaceProtectionKey {
        try FaceProtectionKey(version: version, bytes: (0..<32).map { UInt8($0) &+ fill })
    }

    @Test("Same key: the same face protects to identical bytes and another sample of it matches")
    func sameKeyMatches() async throws {
        let faces = try Self.embeddings(people: 2, samples: 2)
        let protector = try FaceTemplateProtector(key: Self.key(3, fill: 1))
        let again = try FaceTemplateProtector(key: Self.key(3, fill: 1))
        let a = try #require(faces["p0"]?[0])
        #expect(protector.template(for: a) == again.template(for: a))

        let matcher = ProtectedFaceMatcher(protector: protector)
        let genuine = try await matcher.score(protector.template(for: a), protector.template(for: #require(faces["p0"]?[1])))
        let impostor = try await matcher.score(protector.template(for: a), protector.template(for: #require(faces["p1"]?[0])))
        #expect(genuine >= matcher.threshold)
        #expect(impostor < matcher.threshold)
        #expect(protector.algorithm == AlgorithmID("face-dlib128-biohash512-k3"))
    }

    @Test("Different keys are unlinkable: one face under two keys is as far apart as strangers")
    func differentKeysUnlinkable() throws {
        let faces = try Self.embeddings(people: 10, samples: 1).values.flatMap { $0 }
        let tenantA = try FaceTemplateProtector(key: Self.key(1, fill: 1))
        let tenantB = try FaceTemplateProtector(key: Self.key(1, fill: 2))
        var distances: [Double] = []
        for face in faces {
            let hamming = try tenantA.protect(face).hammingDistance(to: tenantB.protect(face))
            distances.append(Double(hamming) / 512)
        }
        let mean = distances.reduce(0, +) / Double(distances.count)
        #expect(abs(mean - 0.5) < 0.05, "mean cross-key distance \(mean)")
        let threshold = 1 - Double(ProtectedFaceMatcher.defaultThreshold) / 1000
        #expect(distances.allSatisfy { $0 > threshold })
    }

    @Test("A rotated key's templates are refused by the old key's matcher")
    func rotatedKeyRefused() async throws {
        let face = try #require(try Self.embeddings(people: 1, samples: 1)["p0"]?[0])
        let old = try FaceTemplateProtector(key: Self.key(1, fill: 1))
        let new = try FaceTemplateProtector(key: Self.key(2, fill: 9))
        let matcher = ProtectedFaceMatcher(protector: old)
        await #expect(throws: ProtectedTemplateError.wrongAlgorithm(found: new.algorithm, expected: old.algorithm)) {
            try await matcher.score(old.template(for: face), new.template(for: face))
        }
        let relabelled = Template(modality: .face, algorithm: old.algorithm, data: new.protect(face).data)
        #expect(throws: ProtectedTemplateError.keyVersionMismatch(probe: 2, reference: 1)) {
            try matcher.similarity(old.template(for: face), relabelled)
        }
    }

    @Test("The algorithm id names the key version and bit count and parses back; other ids do not")
    func algorithmID() throws {
        let protector = try FaceTemplateProtector(key: Self.key(42, fill: 0), bitCount: 384)
        #expect(protector.algorithm.rawValue == "face-dlib128-biohash384-k42")
        let parsed = try #require(FaceTemplateProtector.parameters(of: protector.algorithm))
        #expect(parsed.keyVersion == 42 && parsed.bitCount == 384)
        for other in ["default", "zfm-module-char-v1", "face-dlib128-biohash100-k1", "face-dlib128-biohash512-k0",
                      "face-dlib128-biohash512-k", "face-dlib128-biohash512-k01", "face-dlib128-biohash512-k1-x"] {
            #expect(FaceTemplateProtector.parameters(of: AlgorithmID(other)) == nil, "\(other)")
        }
    }

    @Test("Template bytes round-trip; malformed bytes name the field")
    func serialisation() throws {
        let face = try #require(try Self.embeddings(people: 1, samples: 1)["p0"]?[0])
        let protected = try FaceTemplateProtector(key: Self.key(258, fill: 4), bitCount: 256).protect(face)
        let data = protected.data
        #expect(data.count == 7 + 32)
        #expect(Array(data.prefix(7)) == [1, 0, 0, 1, 2, 1, 0])
        #expect(try ProtectedFaceTemplate(data: data) == protected)

        #expect(throws: ProtectedTemplateError.malformed(field: "header", detail: "3 bytes, expected at least 7")) {
            try ProtectedFaceTemplate(data: Data([1, 0, 0]))
        }
        var wrongFormat = data
        wrongFormat[0] = 9
        #expect(throws: ProtectedTemplateError.malformed(field: "format", detail: "9, expected 1")) {
            try ProtectedFaceTemplate(data: wrongFormat)
        }
        #expect(throws: ProtectedTemplateError.malformed(field: "length", detail: "38 bytes, expected 39 for 256 bits")) {
            try ProtectedFaceTemplate(data: data.dropLast())
        }
        var oddBits = data
        oddBits[6] = 7
        #expect(throws: ProtectedTemplateError.self) { try ProtectedFaceTemplate(data: oddBits) }
        #expect(throws: ProtectedTemplateError.self) {
            try FaceTemplateProtector(key: Self.key(1, fill: 0), bitCount: 100)
        }
    }

    @Test("Protection costs little on clustered embeddings: rank-1 stays perfect")
    func evaluationOnSyntheticClusters() throws {
        let faces = try Self.embeddings(people: 12, samples: 4)
        let report = try #require(FaceEvaluation.evaluate(faces, protector: FaceTemplateProtector(key: Self.key(1, fill: 5))))
        #expect(report.raw.rank1 == 1)
        #expect(report.protected.rank1 == 1)
        #expect(report.raw.genuinePairs == 12 * 6)
        #expect(report.raw.impostorPairs == 48 * 47 / 2 - 72)
        #expect(report.protected.eer <= report.raw.eer + 0.01)
    }
}

struct VerificationFiguresTests {
    @Test("EER, TAR at FAR 1e-3 and operating-point rates on hand-made distances")
    func figures() {
        let separated = VerificationFigures(genuine: [0.1, 0.2], impostor: [0.5, 0.7, 0.9], rank1: 1, threshold: 0.4)
        #expect(separated.eer == 0)
        #expect(separated.tarAtFAR1e3 == 1)
        #expect(separated.farAtThreshold == 0 && separated.frrAtThreshold == 0)

        let overlapping = VerificationFigures(genuine: [0.1, 0.2, 0.5], impostor: [0.3, 0.6, 0.7], rank1: 0.5, threshold: 0.55)
        #expect(abs(overlapping.eer - 1.0 / 3) < 1e-12)
        #expect(abs(overlapping.tarAtFAR1e3 - 2.0 / 3) < 1e-12)
        #expect(abs(overlapping.farAtThreshold - 1.0 / 3) < 1e-12)
        #expect(overlapping.frrAtThreshold == 0)
    }

    @Test("An evaluation without impostor pairs is nil rather than a made-up figure")
    func degenerate() throws {
        let one = try FaceEmbedding(values: Array(repeating: 0.1, count: 128))
        let protector = try FaceTemplateProtector(key: FaceProtectionKey(version: 1, bytes: Array(repeating: 3, count: 32)))
        #expect(FaceEvaluation.evaluate(["a": [one, one]], protector: protector) == nil)
    }
}
