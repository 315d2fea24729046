import ArgumentParser
import CameraSim

/// What a simulated camera shows: `terminal-sim camera` (under umockdev) and `terminal-sim loopback-camera`
/// (into a v4l2loopback device) take the same options.
struct CameraSceneOptions: ParsableArguments {
    @Option(
        help:
            "Show the PGM images of this directory, one per frame in natural order, looping (e.g. ../shared/data/faces/orl/s1)."
    )
    var faces: String?

    @Option(help: "Show this image (.pgm, .jpg or .jpeg) in every frame.")
    var image: String?

    @Flag(help: "Show a moving grey gradient (the default scene).")
    var gradient = false

    func validate() throws {
        let scenes = [faces != nil, image != nil, gradient].filter { $0 }.count
        guard scenes <= 1 else { throw ValidationError("choose at most one of --faces, --image and --gradient") }
    }

    /// The frame source and a name for it.
    func source() throws -> (any CameraFrameSource, String) {
        do {
            if let faces {
                return (try SequenceFrameSource(directory: faces, fileExtension: "pgm"), "the PGM images in \(faces)")
            }
            if let image { return (StillFrameSource(try CameraImage.read(path: image)), image) }
        } catch {
            throw CameraSimCommandError("cannot load the camera scene: \(error)")
        }
        return (MovingGradientSource(width: 640, height: 480), "a moving gradient")
    }
}
