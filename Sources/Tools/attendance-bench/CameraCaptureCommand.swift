import ArgumentParser
import CameraSim
import Foundation

/// `attendance-bench camera-capture`: the V4L2 capture path against the in-process camera simulator,
/// per pixel format: frames produced vs delivered, drops, conversion time and CPU time per frame.
struct CameraCaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camera-capture",
        abstract:
            "Stream GREY, YUYV and MJPEG 640x480 at 30 fps from the camera simulator through V4L2Stream, converting every frame; needs LD_PRELOAD=libumockdev-preload.so.0."
    )

    @Option(help: "Where to write the results.")
    var output: String = "bench-results/camera-capture.json"

    @Option(help: "Seconds to stream each format.")
    var seconds: Double = 60

    @Option(help: "Show the PGM images of this directory (looping) instead of a moving gradient.")
    var faces: String?

    struct Report: Codable {
        let benchmark: String
        let date: Date
        let build: String
        let width: Int
        let height: Int
        let requestedFps: Int
        let secondsPerFormat: Double
        let scene: String
        let note: String
        let formats: [CameraCaptureBench.Result]
    }

    func validate() throws {
        guard seconds > 0, seconds <= 3600 else {
            throw ValidationError("--seconds must be within (0, 3600], got \(seconds)")
        }
    }

    func run() async throws {
        guard CameraSimEnvironment.isPreloaded else {
            throw CameraBenchError(
                "camera-capture needs libumockdev-preload in this process: run LD_PRELOAD=libumockdev-preload.so.0 attendance-bench camera-capture … (make bench does)"
            )
        }
        let bench = CameraCaptureBench(
            width: 640, height: 480, framesPerSecond: 30, duration: .milliseconds(Int64(seconds * 1000)))
        let source: any CameraFrameSource
        let scene: String
        if let faces {
            source = try SequenceFrameSource(directory: faces, fileExtension: "pgm")
            scene = "PGM images of \(faces)"
        } else {
            source = MovingGradientSource(width: bench.width, height: bench.height)
            scene = "moving gradient"
        }
        let testbed = try CameraTestbed()
        defer { testbed.shutDown() }
        let camera = try testbed.addCamera(
            configuration: CameraConfiguration(
                formats: [.grey, .yuyv, .mjpeg],
                frameSizes: [CameraFrameSize(width: bench.width, height: bench.height)],
                frameRates: [bench.framesPerSecond], jpegEncoder: TurboJPEGFrameEncoder()),
            source: source)
        var results: [CameraCaptureBench.Result] = []
        for format in CameraCaptureBench.Format.allCases {
            print("  \(format.rawValue): streaming \(seconds) s …")
            let result = try await bench.run(format, camera: camera)
            print("  " + result.line)
            results.append(result)
        }
        try writeJSON(
            Report(
                benchmark: "camera-capture", date: Date(), build: buildKind, width: bench.width, height: bench.height,
                requestedFps: bench.framesPerSecond, secondsPerFormat: seconds, scene: scene,
                note:
                    "The camera simulator runs in this process (umockdev ioctl handler): cpu_ms_per_frame is RUSAGE_SELF user+sys over the capture loop divided by delivered frames, so it includes the simulator rendering each frame (and JPEG-encoding it for MJPEG), not only the capture path. Conversion times are wall-clock per delivered frame into reused frames; MJPEG decodes each frame twice (grey, then RGB).",
                formats: results),
            to: output)
        print("wrote \(output)")
    }
}
