import CDlibFace
import Imaging

/// dlib's HOG detector, 5-point shape predictor and 128-D ResNet, loaded once (about 30 MB).
///
/// Every call blocks for milliseconds to tens of milliseconds of CPU: call them from a dedicated
/// thread or `DispatchQueue`, never from a task on Swift's cooperative pool.
public final class FaceModels: @unchecked Sendable {
    // Sendable proof: `handle` is set once in init and freed only in deinit; every C function that
    // uses it takes the handle's own std::mutex (see CDlibFace.h), so concurrent calls are serialised
    // inside C and no Swift state is mutated after init.
    private let handle: OpaquePointer
    /// Where the models were loaded from.
    public let location: FaceModelLocation

    /// Loads both models from `location`; a missing file names its path and how to install it.
    public init(location: FaceModelLocation) throws(FaceModelError) {
        try location.checkFilesExist()
        var error = [CChar](repeating: 0, count: 1024)
        let loaded = cdlib_face_models_load(
            location.shapePredictor.path, location.recognitionModel.path, &error, error.count)
        guard let loaded else { throw .unreadable(Self.string(error)) }
        handle = loaded
        self.location = location
    }

    /// Loads from an explicit folder, else `$ATTENDANCE_FACE_MODELS`, else `./.models/face`.
    public convenience init(directory: String? = nil) throws(FaceModelError) {
        try self.init(location: FaceModelLocation.resolve(explicit: directory))
    }

    deinit { cdlib_face_models_free(handle) }

    /// HOG detections, best first, trimmed to the image; `upsample` pyramid-up steps (0 for VGA);
    /// `colourAsGrey` scans an RGB frame's channel average instead of its colour HOG.
    func detect(_ input: FaceInput, upsample: Int, colourAsGrey: Bool) throws(FaceAnalysisError) -> [FaceDetection] {
        let capacity: Int32 = 16
        var boxes = [cdlib_face_box](repeating: cdlib_face_box(), count: Int(capacity))
        var found: Int32 = 0
        try call { error in
            input.withCImage { image in
                cdlib_face_detect(
                    handle, image, Int32(upsample), colourAsGrey ? 1 : 0, &boxes, capacity, &found, error, 1024)
            }
        }
        return boxes.prefix(Int(min(found, capacity))).map { c in
            FaceDetection(
                box: FaceBox(left: Int(c.left), top: Int(c.top), right: Int(c.right), bottom: Int(c.bottom))
                    .trimmed(width: input.width, height: input.height),
                score: c.score)
        }
    }

    /// The five landmarks inside `box`.
    func landmarks(_ input: FaceInput, box: FaceBox) throws(FaceAnalysisError) -> FaceLandmarks {
        var landmarks = cdlib_face_landmarks()
        try call { error in
            input.withCImage { image in
                cdlib_face_landmarks_for_box(handle, image, box.cBox, &landmarks, error, 1024)
            }
        }
        return FaceLandmarks(landmarks)
    }

    /// The 128-D descriptor of the face aligned by `landmarks`.
    func descriptor(
        _ input: FaceInput, box: FaceBox, landmarks: FaceLandmarks
    ) throws(FaceAnalysisError) -> FaceEmbedding {
        var values = [Float](repeating: 0, count: FaceEmbedding.dimension)
        var cLandmarks = landmarks.cLandmarks
        try call { error in
            input.withCImage { image in
                cdlib_face_descriptor(handle, image, box.cBox, &cLandmarks, &values, error, 1024)
            }
        }
        return try FaceEmbedding(values: values)
    }

    /// The 150×150 RGB chip the descriptor is computed on.
    static func alignedChip(
        _ input: FaceInput, box: FaceBox, landmarks: FaceLandmarks
    ) throws(FaceAnalysisError) -> RGBFrame {
        var chip = [UInt8](repeating: 0, count: 150 * 150 * 3)
        var cLandmarks = landmarks.cLandmarks
        try call { error in
            input.withCImage { image in
                cdlib_face_aligned_chip(image, box.cBox, &cLandmarks, &chip, error, 1024)
            }
        }
        do {
            return try RGBFrame(width: 150, height: 150, pixels: chip)
        } catch {
            throw FaceAnalysisError("aligned chip: \(error.description)")
        }
    }

    /// Self-check of the detector's faster colour FHOG against dlib's own on an RGB frame: the largest
    /// feature difference (0 when identical) and whether both gave the same planes and sizes.
    static func colourFHOGDifference(
        _ frame: RGBFrame, padding: (rows: Int32, columns: Int32)
    ) throws(FaceAnalysisError) -> (maxDifference: Double, sameShape: Bool) {
        var difference = 0.0
        var sameShape: Int32 = 0
        try call { error in
            FaceInput.rgb(frame).withCImage { image in
                cdlib_face_colour_fhog_difference(
                    image, padding.rows, padding.columns, &difference, &sameShape, error, 1024)
            }
        }
        return (difference, sameShape == 1)
    }

    private func call(_ body: (UnsafeMutablePointer<CChar>) -> Int32) throws(FaceAnalysisError) {
        try Self.call(body)
    }

    private static func call(_ body: (UnsafeMutablePointer<CChar>) -> Int32) throws(FaceAnalysisError) {
        var error = [CChar](repeating: 0, count: 1024)
        let status = error.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        guard status == 0 else { throw FaceAnalysisError(string(error)) }
    }

    private static func string(_ buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
