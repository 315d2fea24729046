import FaceRecognition
import Foundation
import ImageFiles
import Imaging

/// The colour photos of a folder, letterboxed to one frame size and written as PNG (lossless, so the
/// anchor's decoder and ours see identical pixels).
public struct VGAFrameSet: Sendable {
    /// Written PNG paths, sorted.
    public let paths: [String]
    /// The frames, in the order of `paths`.
    public let frames: [FaceInput]

    /// Makes the frames of every JPEG/PNG below `photoFolder` into `outputFolder`.
    public static func make(
        photoFolder: String, outputFolder: String, width: Int, height: Int
    ) throws(FaceBenchmarkError) -> VGAFrameSet {
        let sources = photos(in: photoFolder)
        guard !sources.isEmpty else {
            throw FaceBenchmarkError(
                stage: "frames", subject: photoFolder, detail: "expected JPEG or PNG photos, found none")
        }
        do {
            try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        } catch {
            throw FaceBenchmarkError(stage: "write", subject: outputFolder, detail: "\(error)")
        }
        var paths: [String] = []
        var frames: [FaceInput] = []
        for relative in sources {
            let source: RGBFrame
            do {
                source = try ImageFile.loadRGB(path: photoFolder + "/" + relative)
            } catch {
                throw FaceBenchmarkError(
                    stage: "load", subject: photoFolder + "/" + relative, detail: error.description)
            }
            let frame = try VGAFrameMaker.letterbox(source, width: width, height: height)
            let name = (relative as NSString).deletingPathExtension.replacingOccurrences(of: "/", with: "__") + ".png"
            let path = outputFolder + "/" + name
            do {
                try PNGEncoder.write(frame, toPath: path, compressionLevel: 1)
            } catch {
                throw FaceBenchmarkError(stage: "write", subject: path, detail: error.description)
            }
            paths.append(path)
            frames.append(.rgb(frame))
        }
        return VGAFrameSet(paths: paths, frames: frames)
    }

    /// Relative paths of the JPEG/PNG files below `folder`, sorted.
    static func photos(in folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            let ext = (relative as NSString).pathExtension.lowercased()
            if !name.hasPrefix("."), ["jpg", "jpeg", "png"].contains(ext) { found.append(relative) }
        }
        return found.sorted()
    }
}
