/// What `FaceBenchmark.run` measures and where it finds its inputs.
public struct FaceBenchmarkSettings: Sendable {
    /// Folder of colour photos (searched recursively for JPEG/PNG), made into VGA frames.
    public var photoFolder: String
    /// The ORL folder (`s1` … `s40` of PGM files).
    public var orlFolder: String
    /// ORL subjects used: s1 … s`orlSubjects`.
    public var orlSubjects: Int
    /// Random protection keys the ORL cost is measured with.
    public var keyCount: Int
    /// Timed passes over the VGA frames, each side (per file the median is kept).
    public var repetitions: Int
    /// The anchor; nil skips it (the result then says so).
    public var anchor: FaceAnchorLocation?
    /// Folder the VGA frames are written to and kept in (created if absent); nil means a temporary folder
    /// removed after the run.
    public var frameFolder: String?
    /// Frame width.
    public var frameWidth: Int
    /// Frame height.
    public var frameHeight: Int
    /// OpenBLAS threads while timing (restored afterwards); nil leaves the process's setting alone.
    public var blasThreads: Int?
    /// Also time our pipeline with grey HOG detection (`detectColourAsGrey`), for information only.
    public var timeGreyDetection: Bool

    /// Settings with the defaults: 640×480, ORL s1-s20, 5 keys, 3 passes.
    public init(
        photoFolder: String, orlFolder: String, anchor: FaceAnchorLocation?, orlSubjects: Int = 20, keyCount: Int = 5,
        repetitions: Int = 3, frameFolder: String? = nil, frameWidth: Int = 640, frameHeight: Int = 480,
        blasThreads: Int? = 1, timeGreyDetection: Bool = true
    ) {
        self.photoFolder = photoFolder
        self.orlFolder = orlFolder
        self.anchor = anchor
        self.orlSubjects = orlSubjects
        self.keyCount = keyCount
        self.repetitions = repetitions
        self.frameFolder = frameFolder
        self.frameWidth = frameWidth
        self.frameHeight = frameHeight
        self.blasThreads = blasThreads
        self.timeGreyDetection = timeGreyDetection
    }

    /// The shared data layout: `SHARED/data/faces/face_recognition_examples`, `SHARED/data/faces/orl` and the
    /// anchor at `/tmp/face-anchor` with `SHARED/bench/face_anchor.py`.
    public static func shared(folder: String) -> FaceBenchmarkSettings {
        FaceBenchmarkSettings(
            photoFolder: folder + "/data/faces/face_recognition_examples", orlFolder: folder + "/data/faces/orl",
            anchor: .standard(sharedFolder: folder))
    }
}
