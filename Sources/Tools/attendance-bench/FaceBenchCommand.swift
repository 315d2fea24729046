import ArgumentParser
import FaceBenchmark
import FaceRecognition
import Foundation

/// `attendance-bench face`: our dlib pipeline side by side with Python face_recognition on the same VGA
/// frames in one run, embedding parity on the anchor's boxes, the protection's cost in EER on ORL, and
/// the daemon's memory with the models loaded.
struct FaceBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "face",
        abstract:
            "Face detection + landmarks + embedding per VGA frame vs the face_recognition anchor (../shared/bench/face_anchor.py), embedding parity, protected vs raw EER on ORL s1-s20, attendanced RSS with models loaded."
    )

    @Option(help: "Where to write the results.")
    var output: String = "bench-results/face.json"

    @Option(help: "The shared folder (data and bench scripts).")
    var shared: String = "../shared"

    @Option(help: "The Python of the face_recognition venv (make bench-deps makes it).")
    var python: String = ".build-anchor/face-venv/bin/python"

    @Option(help: "dlib's models folder.")
    var models: String = ".models/face"

    @Option(help: "The attendanced executable whose memory is measured (release build).")
    var daemon: String = ".build/release/attendanced"

    func run() async throws {
        BLASThreads.set(1)
        let analyzer = FaceAnalyzer(models: try FaceModels(directory: models))
        var settings = FaceBenchmarkSettings.shared(folder: shared)
        settings.anchor = FaceAnchorLocation(python: python, script: "\(shared)/bench/face_anchor.py")
        let result = try await Task.detached { try FaceBenchmark.run(settings, analyzer: analyzer) }.value
        print(result.text)
        var memory: DaemonMemory?
        var memoryProblem: String?
        do {
            memory = try await DaemonMemory.measure(
                daemon: daemon, models: URL(fileURLWithPath: models).standardizedFileURL.path)
            if let memory {
                print(
                    String(
                        format:
                            "attendanced with models loaded: RSS %.1f MB (peak %.1f MB), target ≤ %.0f MB; face device: %@",
                        memory.rssMegabytes, memory.peakMegabytes, memory.targetMegabytes, memory.faceDevice))
            }
        } catch {
            memoryProblem = "\(error)"
            print("attendanced memory not measured: \(error)")
        }
        try writeJSON(
            BenchFile(
                build: buildKind, date: Date(), result: result, daemonMemory: memory, daemonMemoryProblem: memoryProblem
            ), to: output)
        print("wrote \(output)")
    }

    struct BenchFile: Encodable {
        let benchmark = "face"
        let build: String
        let date: Date
        let result: FaceBenchmarkResult
        let daemonMemory: DaemonMemory?
        let daemonMemoryProblem: String?
    }
}
