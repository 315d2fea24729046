import Biometrics
import FaceRecognition
import Foundation
import WeComCloudSim

/// The directory the sync bench loads into the cloud: `count` members, each with one fingerprint
/// template (512 distinct bytes in the module's algorithm) and one protected face template (in the
/// face algorithm of key version 1, the one `attendctl face key init` makes first).
struct SyncDirectory {
    static let fingerprintBytes = 512
    static let faceAlgorithm = FaceTemplateProtector.algorithm(keyVersion: 1)

    let loads: [CloudMemberLoad]
    /// Every fingerprint template's bytes, to check what the module library holds.
    let fingerprints: Set<[UInt8]>

    init(count: Int, seed: UInt64) throws {
        var random = SoakRandom(seed: seed)
        var loads: [CloudMemberLoad] = []
        var fingerprints = Set<[UInt8]>()
        loads.reserveCapacity(count)
        for index in 0..<count {
            let userid = String(format: "sync%05d", index)
            var fingerprint = (0..<Self.fingerprintBytes / 8).flatMap { _ in
                withUnsafeBytes(of: random.next()) { Array($0) }
            }
            // The member's index in the first bytes: distinct whatever the generator draws.
            fingerprint.replaceSubrange(0..<4, with: withUnsafeBytes(of: UInt32(index).bigEndian) { Array($0) })
            fingerprints.insert(fingerprint)
            loads.append(
                CloudMemberLoad(
                    member: CloudMember(userid: userid, name: "Member \(index)"),
                    templates: [
                        CloudTemplateLoad(
                            pageType: .fingerprint, slot: 0, algorithm: AlgorithmID.zfmModule.rawValue,
                            data: Data(fingerprint)),
                        CloudTemplateLoad(
                            pageType: .face, slot: 0, algorithm: Self.faceAlgorithm.rawValue,
                            data: try Self.face(&random)),
                    ]))
        }
        self.loads = loads
        self.fingerprints = fingerprints
    }

    /// A well-formed protected face template (format 2, key version 1) with drawn levels.
    private static func face(_ random: inout SoakRandom) throws -> Data {
        let levels = FaceTemplateProtector.levelsPerUnit
        var bytes: [UInt8] = [ProtectedFaceTemplate.format, 0, 0, 0, 1, UInt8(levels), UInt8(FaceEmbedding.dimension)]
        bytes += (0..<FaceEmbedding.dimension).map { _ in
            UInt8(bitPattern: Int8(Int.random(in: -levels / 8...levels / 8, using: &random)))
        }
        return try ProtectedFaceTemplate(data: Data(bytes)).data
    }
}
