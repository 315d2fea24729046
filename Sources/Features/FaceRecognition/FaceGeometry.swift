import CDlibFace

/// A face rectangle in pixels; `right` and `bottom` are inclusive, as dlib reports them.
public struct FaceBox: Sendable, Hashable, Codable {
    /// Leftmost column.
    public var left: Int
    /// Top row.
    public var top: Int
    /// Rightmost column (inclusive).
    public var right: Int
    /// Bottom row (inclusive).
    public var bottom: Int

    /// Creates a box from its corners.
    public init(left: Int, top: Int, right: Int, bottom: Int) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }

    /// Width in pixels (dlib's convention: right − left + 1).
    public var width: Int { right - left + 1 }
    /// Height in pixels.
    public var height: Int { bottom - top + 1 }

    /// The box clipped the way face_recognition does (right/bottom to the image size, not size − 1), so
    /// landmarks and embeddings are computed on the same box as the reference implementation.
    public func trimmed(width imageWidth: Int, height imageHeight: Int) -> FaceBox {
        FaceBox(
            left: max(left, 0), top: max(top, 0), right: min(right, imageWidth), bottom: min(bottom, imageHeight))
    }

    var cBox: cdlib_face_box {
        cdlib_face_box(left: Int64(left), top: Int64(top), right: Int64(right), bottom: Int64(bottom), score: 0)
    }
}

/// A point in pixels.
public struct FacePoint: Sendable, Hashable, Codable {
    /// Column.
    public var x: Int
    /// Row.
    public var y: Int

    /// Creates a point.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// dlib's five landmarks: two corners of each eye and the base of the nose.
public struct FaceLandmarks: Sendable, Hashable, Codable {
    /// Points 0-4 in dlib's order: outer and inner corner of the eye on the image's right (0, 1), outer
    /// and inner corner of the eye on the image's left (2, 3), base of the nose (4).
    public let points: [FacePoint]

    /// Wraps exactly five points; anything else is an error naming the count.
    public init(points: [FacePoint]) throws(FaceAnalysisError) {
        guard points.count == Int(CDLIB_FACE_LANDMARK_COUNT) else {
            throw FaceAnalysisError("landmarks: \(points.count) points, expected 5")
        }
        self.points = points
    }

    init(_ c: cdlib_face_landmarks) {
        let count = Int(CDLIB_FACE_LANDMARK_COUNT)
        let xs = withUnsafeBytes(of: c.x) { raw in (0..<count).map { raw.load(fromByteOffset: $0 * 8, as: Int64.self) }
        }
        let ys = withUnsafeBytes(of: c.y) { raw in (0..<count).map { raw.load(fromByteOffset: $0 * 8, as: Int64.self) }
        }
        points = zip(xs, ys).map { FacePoint(x: Int($0), y: Int($1)) }
    }

    /// Decodes `{"points": [...]}`, rejecting any count but five.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(points: container.decode([FacePoint].self, forKey: .points))
    }

    var cLandmarks: cdlib_face_landmarks {
        var c = cdlib_face_landmarks()
        withUnsafeMutableBytes(of: &c.x) { raw in
            for (i, point) in points.enumerated() {
                raw.storeBytes(of: Int64(point.x), toByteOffset: i * 8, as: Int64.self)
            }
        }
        withUnsafeMutableBytes(of: &c.y) { raw in
            for (i, point) in points.enumerated() {
                raw.storeBytes(of: Int64(point.y), toByteOffset: i * 8, as: Int64.self)
            }
        }
        return c
    }

    /// Centre of the eye on the image's left (the subject's right eye).
    public var imageLeftEye: (x: Double, y: Double) { midpoint(points[2], points[3]) }
    /// Centre of the eye on the image's right (the subject's left eye).
    public var imageRightEye: (x: Double, y: Double) { midpoint(points[0], points[1]) }
    /// Base of the nose.
    public var nose: (x: Double, y: Double) { (Double(points[4].x), Double(points[4].y)) }

    private func midpoint(_ a: FacePoint, _ b: FacePoint) -> (x: Double, y: Double) {
        (Double(a.x + b.x) / 2, Double(a.y + b.y) / 2)
    }
}

/// One face found by the HOG detector.
public struct FaceDetection: Sendable, Hashable {
    /// The detector's rectangle, trimmed to the image.
    public let box: FaceBox
    /// The detector's confidence (0 is its default decision threshold; higher is more face-like).
    public let score: Double

    /// Creates a detection.
    public init(box: FaceBox, score: Double) {
        self.box = box
        self.score = score
    }
}
