import Biometrics
import Foundation

/// A protected face template: a header (format 1, key version, bit count) and the BioHash bits.
/// Layout: byte 0 format = 1; bytes 1-4 key version (big-endian); bytes 5-6 bit count (big-endian);
/// then bitCount / 8 bytes, bit i of the hash in byte i / 8 at bit (7 − i % 8).
public struct ProtectedFaceTemplate: Sendable, Hashable {
    /// The only format this module writes and reads.
    public static let format: UInt8 = 1
    /// Header length in bytes.
    public static let headerSize = 7

    /// Version of the key that produced the bits.
    public let keyVersion: UInt32
    /// Number of hash bits (256...512, a multiple of 64).
    public let bitCount: Int
    /// The packed bits.
    public let bits: [UInt8]

    init(keyVersion: UInt32, bitCount: Int, bits: [UInt8]) {
        self.keyVersion = keyVersion
        self.bitCount = bitCount
        self.bits = bits
    }

    /// Parses template bytes, naming the field that is wrong.
    public init(data: Data) throws(ProtectedTemplateError) {
        let bytes = [UInt8](data)
        guard bytes.count >= Self.headerSize else {
            throw .malformed(field: "header", detail: "\(bytes.count) bytes, expected at least \(Self.headerSize)")
        }
        guard bytes[0] == Self.format else {
            throw .malformed(field: "format", detail: "\(bytes[0]), expected \(Self.format)")
        }
        let version = bytes[1..<5].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        let bitCount = Int(bytes[5]) << 8 | Int(bytes[6])
        guard FaceTemplateProtector.supportedBitCounts.contains(bitCount) else {
            throw .malformed(field: "bit count", detail: "\(bitCount), expected one of \(FaceTemplateProtector.supportedBitCounts)")
        }
        guard bytes.count == Self.headerSize + bitCount / 8 else {
            throw .malformed(
                field: "length", detail: "\(bytes.count) bytes, expected \(Self.headerSize + bitCount / 8) for \(bitCount) bits")
        }
        keyVersion = version
        self.bitCount = bitCount
        bits = Array(bytes[Self.headerSize...])
    }

    /// The serialised bytes.
    public var data: Data {
        var bytes: [UInt8] = [Self.format]
        bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: keyVersion >> $0) }
        bytes += [UInt8(bitCount >> 8), UInt8(bitCount & 0xFF)]
        return Data(bytes + bits)
    }

    /// As a `Template` of `algorithm`.
    public func template(algorithm: AlgorithmID) -> Template {
        Template(modality: .face, algorithm: algorithm, data: data)
    }

    /// Number of differing bits; both must have the same key version and bit count.
    public func hammingDistance(to other: ProtectedFaceTemplate) throws(ProtectedTemplateError) -> Int {
        guard keyVersion == other.keyVersion else {
            throw .keyVersionMismatch(probe: keyVersion, reference: other.keyVersion)
        }
        guard bitCount == other.bitCount else {
            throw .malformed(field: "bit count", detail: "\(other.bitCount), expected \(bitCount) like the probe")
        }
        var distance = 0
        for i in 0..<bits.count { distance += (bits[i] ^ other.bits[i]).nonzeroBitCount }
        return distance
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
