import ArgumentParser
import FaceBenchmark
import FaceRecognition
import Foundation

struct FaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "face",
        abstract:
            "Face recognition: the tenant key (key init), and on files: evaluate a folder of subjects, render one image's detection and verdict.",
        subcommands: [FaceKeyCommand.self, FaceEvaluate.self, FaceRender.self])
}

/// Which dlib models to load.
struct FaceModelOptions: ParsableArguments {
    @Option(
        help:
            "dlib's models folder (default: $ATTENDANCE_FACE_MODELS, else ./.models/face; `make face-models` installs them)."
    )
    var models: String?

    func analyzer() throws -> FaceAnalyzer {
        BLASThreads.set(1)
        return FaceAnalyzer(models: try FaceModels(directory: models))
    }
}

/// `attendctl face evaluate DIR`: all-pairs verification and identification, raw and protected.
struct FaceEvaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract:
            "Embed every image of a folder of subject/image files (PGM, PNG, JPEG): all-pairs genuine and impostor distances, EER, TAR at FAR 1e-3 and rank-1 identification, for raw embeddings and for protected templates (a fresh random key)."
    )

    @Argument(help: "The folder: one sub-folder per subject, images inside (e.g. ../shared/data/faces/orl).")
    var folder: String

    @OptionGroup var models: FaceModelOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() async throws {
        let analyzer = try models.analyzer()
        let folder = self.folder
        let report = try await Task.detached { try FaceFolderEvaluation.evaluate(folder: folder, analyzer: analyzer) }
            .value
        try printReport(report, text: report.text, json: json)
    }
}

/// `attendctl face render IMAGE --png OUT`: the detected boxes, landmarks and the quality verdict.
struct FaceRender: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract:
            "Draw the faces dlib finds in an image: boxes green when the quality gates accept the face, red when not, with the 5 landmarks; print the verdict."
    )

    @Argument(help: "An image (PGM, PNG, JPEG, …).")
    var image: String

    @Option(help: "Where to write the PNG.")
    var png: String

    @OptionGroup var models: FaceModelOptions

    func run() async throws {
        let analyzer = try models.analyzer()
        let path = image
        let result = try await Task.detached { () throws -> FaceRenderResult in
            try FaceRendering.render(try FaceInputLoader.load(path: path), analyzer: analyzer)
        }.value
        try Data(result.png).write(to: URL(fileURLWithPath: png))
        print("\(image): \(result.text) → \(png)")
    }
}
