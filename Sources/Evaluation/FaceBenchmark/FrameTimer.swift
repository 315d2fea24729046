import FaceRecognition
import Measuring

/// Times detection + landmarks + embedding of the best face per frame, the way the anchor times
/// `face_locations` + `face_encodings(boxes[:1])` (decoding excluded on both sides).
enum FrameTimer {
    /// One frame's medians over the passes and what was found.
    struct Timing: Sendable {
        let faces: Int
        let firstBox: FaceBox?
        let wallMs: Double
        let threadCPUMs: Double
        let processCPUMs: Double
    }

    /// One untimed warm-up frame, then `repetitions` passes over all frames on the calling thread.
    static func time(
        _ frames: [FaceInput], analyzer: FaceAnalyzer, repetitions: Int, clock: any Clock<Duration>
    ) throws(FaceBenchmarkError) -> [Timing] {
        if let first = frames.first { _ = try measure(first, analyzer: analyzer, clock: clock) }
        var wall = frames.map { _ in [Double]() }
        var cpu = frames.map { _ in [Double]() }
        var processCPU = frames.map { _ in [Double]() }
        var found: [(Int, FaceBox?)] = frames.map { _ in (0, nil) }
        for _ in 0..<repetitions {
            for (i, frame) in frames.enumerated() {
                let m = try measure(frame, analyzer: analyzer, clock: clock)
                wall[i].append(m.wallMs)
                cpu[i].append(m.cpuMs)
                processCPU[i].append(m.processCPUMs)
                found[i] = (m.faces, m.box)
            }
        }
        return frames.indices.map { i in
            Timing(
                faces: found[i].0, firstBox: found[i].1, wallMs: Statistics.median(wall[i]) ?? 0,
                threadCPUMs: Statistics.median(cpu[i]) ?? 0,
                processCPUMs: Statistics.median(processCPU[i]) ?? 0)
        }
    }

    private static func measure(
        _ frame: FaceInput, analyzer: FaceAnalyzer, clock: any Clock<Duration>
    ) throws(FaceBenchmarkError) -> (faces: Int, box: FaceBox?, wallMs: Double, cpuMs: Double, processCPUMs: Double) {
        do throws(FaceAnalysisError) {
            let processStart = ProcessCPUTime.now().totalMilliseconds
            let cpuStart = ThreadCPUTime.now().milliseconds
            let elapsed = try clock.measureFrame { () throws(FaceAnalysisError) -> [FaceDetection] in
                let detections = try analyzer.detectFaces(in: frame)
                if let best = detections.first { _ = try analyzer.embedding(in: frame, box: best.box) }
                return detections
            }
            let cpuMs = ThreadCPUTime.now().milliseconds - cpuStart
            let processMs = ProcessCPUTime.now().totalMilliseconds - processStart
            return (elapsed.value.count, elapsed.value.first?.box, elapsed.duration.milliseconds, cpuMs, processMs)
        } catch {
            throw FaceBenchmarkError(stage: "analyse", subject: "VGA frame", detail: error.description)
        }
    }
}

extension Clock where Duration == Swift.Duration {
    /// Runs `body` and returns its value with the time it took on this clock.
    func measureFrame<T>(
        _ body: () throws(FaceAnalysisError) -> T
    ) throws(FaceAnalysisError) -> (value: T, duration: Swift.Duration) {
        let start = now
        let value = try body()
        return (value, start.duration(to: now))
    }
}
