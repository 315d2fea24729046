import Biometrics
import Foundation
import Testing

@testable import FaceBenchmark
@testable import FaceRecognition

/// Protected templates on synthetic embeddings (no models needed): clusters around random centres that
/// share a large common component, like real dlib embeddings.
struct ProtectionTests {
    /// Deterministic embeddings: `people` centres (common part + 0.06 per value), `samples` noisy copies
    /// each (0.02 per value).
    static func embeddings(people: Int, samples: Int, seed: UInt64 = 7) throws -> [String: [FaceEmbedding]] {
        var generator = KeyedGenerator(key: Array(repeating: UInt8(truncatingIfNeeded: seed), count: 32), domain: seed)
        let common = (0..<128).map { _ in 0.12 * generator.nextGaussian() }
        var result: [String: [FaceEmbedding]] = [:]
        for person in 0..<people {
            let centre = common.map { $0 + 0.06 * generator.nextGaussian() }
            for _ in 0..<samples {
                let values = centre.map { Float($0 + 0.02 * generator.nextGaussian()) }
                result["p\(person)", default: []].append(try FaceEmbedding(values: values))
            }
        }
        return result
    }

    static func key(_ version: UInt32, fill: UInt8) throws -> FaceProtectionKey {
        try FaceProtectionKey(version: version, bytes: (0..<32).map { UInt8($0) &+ fill })
    }

    /// Euclidean distance between the two embeddings scaled to unit length.
    static func unitDistance(_ a: FaceEmbedding, _ b: FaceEmbedding) -> Double {
        func unit(_ e: FaceEmbedding) -> [Double] {
            let norm = e.values.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            return e.values.map { Double($0) / norm }
        }
        return zip(unit(a), unit(b)).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    @Test("Same key: the same face protects to identical bytes and another sample of it matches")
    func sameKeyMatches() async throws {
        let faces = try Self.embeddings(people: 2, samples: 2)
        let protector = FaceTemplateProtector(key: try Self.key(3, fill: 1))
        let again = FaceTemplateProtector(key: try Self.key(3, fill: 1))
        let a = try #require(faces["p0"]?[0])
        #expect(protector.template(for: a) == again.template(for: a))

        let matcher = ProtectedFaceMatcher(protector: protector)
        let genuine = try await matcher.score(
            protector.template(for: a), protector.template(for: #require(faces["p0"]?[1])))
        let impostor = try await matcher.score(
            protector.template(for: a), protector.template(for: #require(faces["p1"]?[0])))
        #expect(genuine >= matcher.threshold)
        #expect(impostor < matcher.threshold)
        #expect(protector.algorithm == AlgorithmID("face-dlib128-rq48-k3"))
    }

    @Test("Within one key the protected distance is the unit-length distance, to within the quantisation")
    func distancesPreserved() throws {
        let faces = try Self.embeddings(people: 6, samples: 3).values.flatMap { $0 }
        let protector = FaceTemplateProtector(key: try Self.key(5, fill: 3))
        let templates = faces.map(protector.protect)
        var worst = 0.0
        for i in 0..<faces.count {
            for j in (i + 1)..<faces.count {
                let protected = try templates[i].distance(to: templates[j])
                worst = max(worst, abs(protected - Self.unitDistance(faces[i], faces[j])))
            }
        }
        // Each coordinate of a difference is off by less than one step (1/48); over 128 coordinates that
        // adds about 128/6 steps² ≈ 0.009 to the squared distance, a few hundredths on distances of 0.2-1.
        #expect(worst < 0.05, "largest change \(worst)")
    }

    @Test("The embedding's length leaves no trace: a scaled copy gives the same template")
    func normHidden() throws {
        let face = try #require(try Self.embeddings(people: 1, samples: 1)["p0"]?[0])
        let scaled = try FaceEmbedding(values: face.values.map { $0 * 1.25 })
        let protector = FaceTemplateProtector(key: try Self.key(1, fill: 6))
        #expect(try protector.protect(face).distance(to: protector.protect(scaled)) < 0.03)
    }

    @Test("Different keys are unlinkable: one face under two keys is farther apart than strangers")
    func differentKeysUnlinkable() throws {
        let faces = try Self.embeddings(people: 10, samples: 1).values.flatMap { $0 }
        let tenantA = FaceTemplateProtector(key: try Self.key(1, fill: 1))
        let tenantB = FaceTemplateProtector(key: try Self.key(1, fill: 2))
        let crossKey = try faces.map { try tenantA.protect($0).distance(to: tenantB.protect($0)) }
        var strangers: [Double] = []
        for i in 0..<faces.count {
            for j in (i + 1)..<faces.count {
                strangers.append(try tenantA.protect(faces[i]).distance(to: tenantA.protect(faces[j])))
            }
        }
        let mean = crossKey.reduce(0, +) / Double(crossKey.count)
        // Unrelated rotations of a unit vector are √2 apart on average.
        #expect(abs(mean - 2.0.squareRoot()) < 0.1, "mean cross-key distance \(mean)")
        #expect(crossKey.min()! > strangers.max()!, "cross-key \(crossKey.min()!), strangers up to \(strangers.max()!)")
        #expect(
            crossKey.allSatisfy {
                $0 > ProtectedFaceMatcher.distance(atThreshold: ProtectedFaceMatcher.defaultThreshold)
            })
    }

    @Test("A rotated key's templates are refused by the old key's matcher")
    func rotatedKeyRefused() async throws {
        let face = try #require(try Self.embeddings(people: 1, samples: 1)["p0"]?[0])
        let old = FaceTemplateProtector(key: try Self.key(1, fill: 1))
        let new = FaceTemplateProtector(key: try Self.key(2, fill: 9))
        let matcher = ProtectedFaceMatcher(protector: old)
        await #expect(throws: ProtectedTemplateError.wrongAlgorithm(found: new.algorithm, expected: old.algorithm)) {
            try await matcher.score(old.template(for: face), new.template(for: face))
        }
        let relabelled = Template(modality: .face, algorithm: old.algorithm, data: new.protect(face).data)
        #expect(throws: ProtectedTemplateError.keyVersionMismatch(probe: 2, reference: 1)) {
            try matcher.similarity(old.template(for: face), relabelled)
        }
    }

    @Test("The derivation from the key is pinned: terminals of one tenant must agree on it byte for byte")
    func derivationPinned() throws {
        // A change here changes every stored template in the field: it needs a new algorithm id.
        let face = try FaceEmbedding(values: (0..<128).map { Float(($0 * 37) % 29 - 14) / 100 })
        let levels = FaceTemplateProtector(key: try Self.key(1, fill: 0)).protect(face).levels
        #expect(Array(levels.prefix(12)) == Self.pinnedLevels, "\(Array(levels.prefix(12)))")
    }

    static let pinnedLevels: [Int8] = [1, 4, -5, 4, -2, 4, -1, 3, -6, -1, 9, -5]

    @Test("The algorithm id names the scheme and key version and parses back; other ids do not")
    func algorithmID() throws {
        let protector = FaceTemplateProtector(key: try Self.key(42, fill: 0))
        #expect(protector.algorithm.rawValue == "face-dlib128-rq48-k42")
        #expect(FaceTemplateProtector.keyVersion(of: protector.algorithm) == 42)
        for other in [
            "default", "zfm-module-char-v1", "face-dlib128-biohash512-k1", "face-dlib128-rq32-k1",
            "face-dlib128-rq48-k0", "face-dlib128-rq48-k", "face-dlib128-rq48-k01", "face-dlib128-rq48-k1-x",
        ] {
            #expect(FaceTemplateProtector.keyVersion(of: AlgorithmID(other)) == nil, "\(other)")
        }
    }

    @Test("Template bytes round-trip; malformed bytes name the field")
    func serialisation() throws {
        let face = try #require(try Self.embeddings(people: 1, samples: 1)["p0"]?[0])
        let protected = FaceTemplateProtector(key: try Self.key(258, fill: 4)).protect(face)
        let data = protected.data
        #expect(data.count == 7 + 128)
        #expect(Array(data.prefix(7)) == [2, 0, 0, 1, 2, 48, 128])
        #expect(try ProtectedFaceTemplate(data: data) == protected)

        func expectMalformed(_ bytes: Data, _ field: String, _ detail: String) {
            #expect(throws: ProtectedTemplateError.malformed(field: field, detail: detail)) {
                try ProtectedFaceTemplate(data: bytes)
            }
        }
        expectMalformed(Data([2, 0, 0]), "header", "3 bytes, expected at least 7")
        func changed(_ index: Int, _ value: UInt8) -> Data {
            var copy = data
            copy[index] = value
            return copy
        }
        expectMalformed(changed(0, 9), "format", "9, expected 2")
        expectMalformed(changed(0, 1), "format", "1, expected 2 (format 1 is the retired BioHash; re-enroll the face)")
        expectMalformed(changed(5, 32), "levels per unit", "32, expected 48")
        expectMalformed(changed(6, 64), "coordinate count", "64, expected 128")
        expectMalformed(data.dropLast(), "length", "134 bytes, expected 135")
        expectMalformed(data + [0], "length", "136 bytes, expected 135")
    }

    @Test("Protection costs little on clustered embeddings: rank-1 stays perfect")
    func evaluationOnSyntheticClusters() throws {
        let faces = try Self.embeddings(people: 12, samples: 4)
        let report = try #require(
            FaceEvaluation.evaluate(faces, protector: FaceTemplateProtector(key: Self.key(1, fill: 5))))
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

        let overlapping = VerificationFigures(
            genuine: [0.1, 0.2, 0.5], impostor: [0.3, 0.6, 0.7], rank1: 0.5, threshold: 0.55)
        #expect(abs(overlapping.eer - 1.0 / 3) < 1e-12)
        #expect(abs(overlapping.tarAtFAR1e3 - 2.0 / 3) < 1e-12)
        #expect(abs(overlapping.farAtThreshold - 1.0 / 3) < 1e-12)
        #expect(overlapping.frrAtThreshold == 0)
    }

    @Test("An evaluation without impostor pairs is nil rather than a made-up figure")
    func degenerate() throws {
        let one = try FaceEmbedding(values: Array(repeating: 0.1, count: 128))
        let protector = FaceTemplateProtector(
            key: try FaceProtectionKey(version: 1, bytes: Array(repeating: 3, count: 32)))
        #expect(FaceEvaluation.evaluate(["a": [one, one]], protector: protector) == nil)
    }
}
