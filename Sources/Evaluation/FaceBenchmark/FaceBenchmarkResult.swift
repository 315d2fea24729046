import Foundation

/// Everything `attendance-bench face` writes to `bench-results/face.json`.
public struct FaceBenchmarkResult: Sendable, Codable {
    /// Model folder used.
    public let models: String
    /// "ran", or why the anchor did not run (the other sections are still filled).
    public let anchorStatus: String
    /// Per-frame time on VGA frames, ours against the anchor.
    public let frames: FaceFrameTimingSection
    /// Our embeddings on the anchor's boxes against the anchor's embeddings.
    public let parity: FaceParitySection
    /// EER cost of protection on ORL.
    public let orl: FaceProtectionCostSection

    enum CodingKeys: String, CodingKey {
        case models, frames, parity, orl
        case anchorStatus = "anchor_status"
    }

    /// A few lines for people.
    public var text: String {
        [
            "models: \(models)", "anchor: \(anchorStatus)", frames.text, parity.text, orl.text,
        ].joined(separator: "\n")
    }
}

/// Per-frame time of detection + landmarks + embedding on the same VGA files.
public struct FaceFrameTimingSection: Sendable, Codable {
    /// Frame size.
    public let width: Int
    /// Frame size.
    public let height: Int
    /// Where the VGA files were kept; nil when they went to a temporary folder removed after the run.
    public let frameFolder: String?
    /// The VGA file names (PNG, made from the shared colour photos).
    public let files: [String]
    /// Timed passes over the files, each side.
    public let repetitions: Int
    /// Our median per-frame wall time, ms (per file the median of its passes, then the median over files).
    public let oursWallMsMedian: Double?
    /// Our median per-frame CPU time of the timing thread, ms.
    public let oursThreadCPUMsMedian: Double?
    /// Our median per-frame CPU time of the whole process, ms (≈ thread CPU when only one thread works).
    public let oursProcessCPUMsMedian: Double?
    /// Our median per-frame wall time with grey HOG detection (boxes may then differ from the anchor's), ms.
    public let oursGreyDetectionWallMsMedian: Double?
    /// oursGreyDetectionWall / anchor, for information.
    public let greyDetectionRatio: Double?
    /// OpenBLAS threads while we were timed; nil when the process has no OpenBLAS or it was left alone.
    public let blasThreads: Int?
    /// 1-minute load average before and after the timings (other work on the machine inflates wall times).
    public let loadAverage: [Double]
    /// The anchor's median per-frame `total_ms` (wall, Python `perf_counter`), same aggregation.
    public let anchorMsMedian: Double?
    /// oursWall / anchor; target ≤ 1/3.
    public let ratio: Double?
    /// Target for `ratio`.
    public let targetRatio: Double
    /// Whether `ratio` meets the target; nil without the anchor.
    public let meetsTarget: Bool?
    /// Per file: faces found by each side and both times.
    public let perFile: [FaceFrameTiming]

    enum CodingKeys: String, CodingKey {
        case width, height, files, repetitions, ratio
        case frameFolder = "frame_folder"
        case oursWallMsMedian = "ours_wall_ms_median"
        case oursThreadCPUMsMedian = "ours_thread_cpu_ms_median"
        case oursProcessCPUMsMedian = "ours_process_cpu_ms_median"
        case oursGreyDetectionWallMsMedian = "ours_grey_detection_wall_ms_median"
        case greyDetectionRatio = "grey_detection_ratio"
        case blasThreads = "blas_threads"
        case loadAverage = "load_average"
        case anchorMsMedian = "anchor_ms_median"
        case targetRatio = "target_ratio"
        case meetsTarget = "meets_target"
        case perFile = "per_file"
    }

    var text: String {
        let ours = oursWallMsMedian.map { NumberText.fixed($0, decimals: 1) } ?? "-"
        let cpu = oursThreadCPUMsMedian.map { NumberText.fixed($0, decimals: 1) } ?? "-"
        let anchor = anchorMsMedian.map { NumberText.fixed($0, decimals: 1) } ?? "-"
        let r = ratio.map { NumberText.fixed($0, decimals: 3) } ?? "-"
        let grey = oursGreyDetectionWallMsMedian.map { NumberText.fixed($0, decimals: 1) + " ms" } ?? "-"
        let greyRatio = greyDetectionRatio.map { NumberText.fixed($0, decimals: 3) } ?? "-"
        let load = loadAverage.map { NumberText.fixed($0, decimals: 2) }.joined(separator: " → ")
        return "frames \(width)×\(height) ×\(files.count) (\(repetitions) passes): ours \(ours) ms wall / \(cpu) ms "
            + "thread CPU, anchor \(anchor) ms, ratio \(r) (target ≤ \(NumberText.fixed(targetRatio, decimals: 3)))\n"
            + "  grey detection: \(grey), ratio \(greyRatio); BLAS threads \(blasThreads.map(String.init) ?? "-"), "
            + "load average \(load)"
    }
}

/// One VGA file's timings.
public struct FaceFrameTiming: Sendable, Codable {
    /// File name.
    public let file: String
    /// Faces we found.
    public let oursFaces: Int
    /// Our median wall time, ms.
    public let oursWallMs: Double
    /// Our median thread CPU time, ms.
    public let oursThreadCPUMs: Double
    /// Faces the anchor found; nil without the anchor.
    public let anchorFaces: Int?
    /// The anchor's median `total_ms`; nil without the anchor.
    public let anchorMs: Double?

    enum CodingKeys: String, CodingKey {
        case file
        case oursFaces = "ours_faces"
        case oursWallMs = "ours_wall_ms"
        case oursThreadCPUMs = "ours_thread_cpu_ms"
        case anchorFaces = "anchor_faces"
        case anchorMs = "anchor_ms"
    }
}

/// Embedding parity on the anchor's own boxes.
public struct FaceParitySection: Sendable, Codable {
    /// Images where the anchor gave a box and an embedding.
    public let compared: Int
    /// Largest absolute difference of any value over all compared images; nil when none compared.
    public let maxAbsDifference: Double?
    /// Images where our best detection's box equals the anchor's.
    public let sameBox: Int
    /// Target for `maxAbsDifference`.
    public let target: Double
    /// Whether the target is met; nil when nothing was compared.
    public let meetsTarget: Bool?
    /// Per image.
    public let perFile: [FaceParityRow]

    enum CodingKeys: String, CodingKey {
        case compared, target
        case maxAbsDifference = "max_abs_difference"
        case sameBox = "same_box"
        case meetsTarget = "meets_target"
        case perFile = "per_file"
    }

    var text: String {
        let diff = maxAbsDifference.map { String(format: "%.2e", $0) } ?? "-"
        return
            "parity on anchor boxes: \(compared) images, max |Δ| \(diff) (target ≤ 1e-4), same box \(sameBox)/\(compared)"
    }
}

/// One image's parity.
public struct FaceParityRow: Sendable, Codable {
    /// File name.
    public let file: String
    /// Max absolute difference of the 128 values.
    public let maxAbsDifference: Double
    /// Whether our best detection's box equals the anchor's.
    public let sameBox: Bool

    enum CodingKeys: String, CodingKey {
        case file
        case maxAbsDifference = "max_abs_difference"
        case sameBox = "same_box"
    }
}

/// Raw against protected EER on ORL, over several random keys.
public struct FaceProtectionCostSection: Sendable, Codable {
    /// Folder evaluated.
    public let folder: String
    /// Subjects used (s1…sN).
    public let subjects: Int
    /// Images read.
    public let images: Int
    /// Images without a face.
    public let noFace: Int
    /// Raw figures (key-independent).
    public let raw: FaceFigures
    /// Protected figures, one per random key.
    public let protectedPerKey: [FaceFigures]
    /// Protected EER − raw EER in points (percentage points), per key.
    public let costPoints: [Double]
    /// Mean of `costPoints`.
    public let costPointsMean: Double
    /// Max of `costPoints`.
    public let costPointsMax: Double
    /// Target for the cost.
    public let targetPoints: Double
    /// Whether the worst key meets the target.
    public let meetsTarget: Bool

    enum CodingKeys: String, CodingKey {
        case folder, subjects, images, raw
        case noFace = "no_face"
        case protectedPerKey = "protected_per_key"
        case costPoints = "cost_points"
        case costPointsMean = "cost_points_mean"
        case costPointsMax = "cost_points_max"
        case targetPoints = "target_points"
        case meetsTarget = "meets_target"
    }

    var text: String {
        "ORL s1-s\(subjects): \(images) images (\(noFace) no face), raw EER \(NumberText.format(raw.eer)); "
            + "protection cost over \(costPoints.count) keys: mean \(NumberText.fixed(costPointsMean, decimals: 3)), "
            + "max \(NumberText.fixed(costPointsMax, decimals: 3)) points (target ≤ \(targetPoints))"
    }
}
