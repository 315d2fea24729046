/// dlib's 128-D face descriptor. Same person: Euclidean distance below about 0.6.
public struct FaceEmbedding: Sendable, Hashable, Codable {
    /// Number of values.
    public static let dimension = 128
    /// face_recognition's and dlib's customary same-person threshold on the Euclidean distance.
    public static let sameFaceThreshold = 0.6

    /// The 128 values.
    public let values: [Float]

    /// Wraps exactly 128 finite values; anything else is an error naming the count or the value.
    public init(values: [Float]) throws(FaceAnalysisError) {
        guard values.count == Self.dimension else {
            throw FaceAnalysisError("embedding: \(values.count) values, expected \(Self.dimension)")
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw FaceAnalysisError("embedding: value \(index) is \(values[index]), expected a finite number")
        }
        self.values = values
    }

    /// Decodes `{"values": [...]}`, rejecting any count but 128.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(values: container.decode([Float].self, forKey: .values))
    }

    /// Euclidean distance.
    public func distance(to other: FaceEmbedding) -> Double {
        var sum = 0.0
        for i in 0..<Self.dimension {
            let d = Double(values[i]) - Double(other.values[i])
            sum += d * d
        }
        return sum.squareRoot()
    }
}
