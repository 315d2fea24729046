import FaceRecognition
import ImageFiles
import Imaging

/// Reads an image file (PGM, PNG, JPEG, …) as a `FaceInput`: grey files stay grey, colour files stay colour.
public enum FaceInputLoader {
    /// Decodes the file at `path`; an unreadable or malformed file is an error naming it.
    public static func load(path: String) throws(FaceBenchmarkError) -> FaceInput {
        do {
            let image = try ImageFile.load(path: path)
            switch image.layout {
            case .gray:
                return .gray(try GrayFrame(width: image.width, height: image.height, pixels: image.samples))
            case .rgb:
                return .rgb(try RGBFrame(width: image.width, height: image.height, pixels: image.samples))
            }
        } catch {
            throw FaceBenchmarkError(stage: "load", subject: path, detail: "\(error)")
        }
    }
}
