import Biometrics
import Foundation

/// A protected face template: a header and the 128 quantised rotated coordinates.
/// Layout: byte 0 format = 2; bytes 1-4 key version (big-endian); byte 5 levels per unit (48);
/// byte 6 coordinate count (128); then one signed byte per coordinate.
/// Format 1 was the retired BioHash; its templates are refused with a request to re-enroll.
public struct ProtectedFaceTemplate: Sendable, Hashable {
    /// The only format this module writes and reads.
    public static let format: UInt8 = 2
    /// Header length in bytes.
    public static let headerSize = 7

    /// Version of the key that produced the levels.
    public let keyVersion: UInt32
    /// Quantised coordinates, in steps of 1 / `FaceTemplateProtector.levelsPerUnit`.
    public let levels: [Int8]

    init(keyVersion: UInt32, levels: [Int8]) {
        self.keyVersion = keyVersion
        self.levels = levels
    }

    /// Parses template bytes, naming the field that is wrong.
    public init(data: Data) throws(ProtectedTemplateError) {
        let bytes = [UInt8](data)
        guard bytes.count >= Self.headerSize else {
            throw .malformed(field: "header", detail: "\(bytes.count) bytes, expected at least \(Self.headerSize)")
        }
        guard bytes[0] == Self.format else {
            let retired = bytes[0] == 1 ? " (format 1 is the retired BioHash; re-enroll the face)" : ""
            throw .malformed(field: "format", detail: "\(bytes[0]), expected \(Self.format)\(retired)")
        }
        let version = bytes[1..<5].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        guard Int(bytes[5]) == FaceTemplateProtector.levelsPerUnit else {
            throw .malformed(
                field: "levels per unit", detail: "\(bytes[5]), expected \(FaceTemplateProtector.levelsPerUnit)")
        }
        guard Int(bytes[6]) == FaceEmbedding.dimension else {
            throw .malformed(field: "coordinate count", detail: "\(bytes[6]), expected \(FaceEmbedding.dimension)")
        }
        guard bytes.count == Self.headerSize + FaceEmbedding.dimension else {
            throw .malformed(
                field: "length", detail: "\(bytes.count) bytes, expected \(Self.headerSize + FaceEmbedding.dimension)")
        }
        keyVersion = version
        levels = bytes[Self.headerSize...].map { Int8(bitPattern: $0) }
    }

    /// The serialised bytes.
    public var data: Data {
        var bytes: [UInt8] = [Self.format]
        bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: keyVersion >> $0) }
        bytes += [UInt8(FaceTemplateProtector.levelsPerUnit), UInt8(FaceEmbedding.dimension)]
        return Data(bytes + levels.map { UInt8(bitPattern: $0) })
    }

    /// As a `Template` of `algorithm`.
    public func template(algorithm: AlgorithmID) -> Template {
        Template(modality: .face, algorithm: algorithm, data: data)
    }

    /// Euclidean distance between the two unit-length faces, as far as the levels tell (0 same, about
    /// 0.2-0.35 one person, 0.6-0.9 strangers, 2 at most); both must have the same key version.
    public func distance(to other: ProtectedFaceTemplate) throws(ProtectedTemplateError) -> Double {
        guard keyVersion == other.keyVersion else {
            throw .keyVersionMismatch(probe: keyVersion, reference: other.keyVersion)
        }
        var sum = 0
        for i in 0..<levels.count {
            let d = Int(levels[i]) - Int(other.levels[i])
            sum += d * d
        }
        return Double(sum).squareRoot() / Double(FaceTemplateProtector.levelsPerUnit)
    }
}

/// A protected template could not be parsed or compared.
public enum ProtectedTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A field of the bytes is wrong.
    case malformed(field: String, detail: String)
    /// The two templates were made with different key versions.
    case keyVersionMismatch(probe: UInt32, reference: UInt32)
    /// The template's algorithm id is not the matcher's.
    case wrongAlgorithm(found: AlgorithmID, expected: AlgorithmID)
    /// The template is not a face template.
    case wrongModality(Modality)

    public var description: String {
        switch self {
        case .malformed(let field, let detail): "protected face template \(field): \(detail)"
        case .keyVersionMismatch(let probe, let reference):
            "protected face templates of key versions \(probe) and \(reference) cannot be compared; re-enroll"
        case .wrongAlgorithm(let found, let expected): "template algorithm \(found), expected \(expected)"
        case .wrongModality(let modality): "template modality \(modality.rawValue), expected fa"
        }
    }
}
