import FaceRecognition
import Foundation
import ImageFiles
import Imaging
import Testing

/// Paths and shared resources for the face tests.
enum FaceTestSupport {
    /// The project root (this file's real location, three levels up), even when reached through a symlink.
    static let projectRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data/faces` next to the project.
    static let facesDirectory = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/data/faces")

    /// `$ATTENDANCE_FACE_MODELS`, else the project's `.models/face`.
    static let modelLocation: FaceModelLocation = {
        let resolved = FaceModelLocation.resolve(currentDirectory: projectRoot.path)
        return resolved
    }()

    /// The models, loaded once for all tests; nil when the files are absent.
    static let models: FaceModels? = try? FaceModels(location: modelLocation)

    /// Whether model-dependent tests can run.
    static var modelsAvailable: Bool { models != nil }
    /// Whether the shared face images are present.
    static var dataAvailable: Bool { FileManager.default.fileExists(atPath: facesDirectory.path) }
    /// Both models and data.
    static var canRun: Bool { modelsAvailable && dataAvailable }
    /// Why model tests are skipped.
    static let skipMessage: Comment =
        "face models or ../shared/data/faces absent: run scripts/fetch-face-models.sh (make face-models) or set ATTENDANCE_FACE_MODELS"

    /// An analyzer over the shared models (call only when `canRun`).
    static func analyzer() throws -> FaceAnalyzer {
        FaceAnalyzer(models: try #require(models))
    }

    /// Loads a PGM (grey) or JPEG (colour) image below `../shared/data/faces`.
    static func image(_ relativePath: String) throws -> FaceInput {
        let url = facesDirectory.appendingPathComponent(relativePath)
        if relativePath.hasSuffix(".pgm") { return .gray(try PGM.read(contentsOf: url)) }
        let bytes = [UInt8](try Data(contentsOf: url))
        switch try JPEGDecoder().decodeRGB(bytes) {
        case .intact(let frame): return .rgb(frame)
        case .damaged(let frame, _): return .rgb(frame)
        }
    }

    /// `frame` with every channel multiplied by `factor`.
    static func scaled(_ frame: RGBFrame, by factor: Double) throws -> RGBFrame {
        let pixels = frame.pixels.map { UInt8(min(255, (Double($0) * factor).rounded())) }
        return try RGBFrame(width: frame.width, height: frame.height, stride: frame.stride, pixels: pixels)
    }

    /// `frame` box-blurred with a (2r+1)² window, applied `passes` times (approaches a Gaussian).
    static func blurred(_ frame: RGBFrame, radius: Int, passes: Int = 2) throws -> RGBFrame {
        var pixels = frame.packedPixels
        let w = frame.width
        let h = frame.height
        for _ in 0..<passes {
            for horizontal in [true, false] {
                var out = pixels
                for y in 0..<h {
                    for x in 0..<w {
                        for c in 0..<3 {
                            var sum = 0
                            var count = 0
                            for d in -radius...radius {
                                let sx = horizontal ? x + d : x
                                let sy = horizontal ? y : y + d
                                guard sx >= 0, sx < w, sy >= 0, sy < h else { continue }
                                sum += Int(pixels[(sy * w + sx) * 3 + c])
                                count += 1
                            }
                            out[(y * w + x) * 3 + c] = UInt8(sum / count)
                        }
                    }
                }
                pixels = out
            }
        }
        return try RGBFrame(width: w, height: h, pixels: pixels)
    }

    /// The anchor's fixture file.
    static func anchorFixtures() throws -> AnchorFixtures {
        let url = try #require(
            Bundle.module.url(forResource: "anchor-embeddings", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(AnchorFixtures.self, from: Data(contentsOf: url))
    }
}

/// Embeddings computed by `../shared/bench/face_anchor.py` (see the fixture's `note`).
struct AnchorFixtures: Decodable {
    struct Face: Decodable {
        struct Box: Decodable {
            let left: Int
            let top: Int
            let right: Int
            let bottom: Int
        }

        let image: String
        let faces: Int
        let box: Box
        let embedding: [Double]
    }

    let note: String
    let faces: [Face]
}

extension RGBFrame {
    /// Pixels without row padding.
    var packedPixels: [UInt8] {
        guard stride != 3 * width else { return pixels }
        return (0..<height).flatMap { y in pixels[(y * stride)..<(y * stride + 3 * width)] }
    }
}
