import ArgumentParser
import CameraSim
import Foundation
import V4L2

/// `terminal-sim loopback-camera`: shows a scene on a real V4L2 capture device, the capture side of a
/// v4l2loopback node, by writing frames into its output side (tier 3: faces on a real kernel driver).
struct LoopbackCameraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loopback-camera",
        abstract: "Write a scene into a v4l2loopback device, YUYV at --size and --fps, until SIGINT or SIGTERM.",
        discussion: """
            Needs the v4l2loopback kernel module (make test-vm loads it inside the tier-3 VM). Readers open the
            same node as a capture device once the first frame is written. Example (inside the VM):
              terminal-sim loopback-camera --device /dev/video10 --image ../shared/data/faces/face_recognition_examples/obama-480p.jpg
            """)

    @Option(help: "The v4l2loopback node to write to.")
    var device: String

    @OptionGroup var scene: CameraSceneOptions

    @Option(help: "Frame size WIDTHxHEIGHT.")
    var size = "640x480"

    @Option(help: "Frames per second.")
    var fps = 15

    @Option(help: "Stop after this many frames (default: until SIGINT or SIGTERM).")
    var frames: Int?

    func validate() throws {
        guard frameSize != nil else {
            throw ValidationError("--size must be WIDTHxHEIGHT within 16...4096, got \(size)")
        }
        guard (1...120).contains(fps) else { throw ValidationError("--fps must be within 1...120, got \(fps)") }
        if let frames, frames < 1 { throw ValidationError("--frames must be at least 1, got \(frames)") }
    }

    private var frameSize: CameraFrameSize? {
        let parts = size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ (16...4096).contains($0) }), parts[0] % 2 == 0 else { return nil }
        return CameraFrameSize(width: parts[0], height: parts[1])
    }

    func run() async throws {
        let (source, sceneName) = try scene.source()
        guard let frameSize else { throw ValidationError("--size") }
        let node: V4L2Device
        do {
            node = try V4L2Device(path: device)
            let capabilities = try node.capabilities()
            guard capabilities.isVideoOutput else {
                throw CameraSimCommandError("\(device) is not a video output node (is it a v4l2loopback device?)")
            }
            let width = UInt32(frameSize.width)
            let height = UInt32(frameSize.height)
            let set = try node.setOutputFormat(
                V4L2Format(
                    width: width, height: height, pixelFormat: .yuyv, bytesPerLine: width * 2,
                    sizeImage: width * height * 2))
            guard set.width == width, set.height == height, set.pixelFormat == .yuyv else {
                throw CameraSimCommandError(
                    "\(device) set \(set.width)x\(set.height) \(set.pixelFormat) for \(size) YUYV; cannot feed it")
            }
        } catch let error as V4L2Error {
            throw CameraSimCommandError("cannot open \(device) for output: \(error)")
        }
        let feeder = LoopbackFeeder(device: node, source: source, size: frameSize, fps: fps, limit: frames)
        feeder.start()
        emit("terminal-sim loopback-camera: writing \(sceneName) to \(device), \(size) YUYV at \(fps) fps")
        if frames == nil {
            // Stopped by SIGINT/SIGTERM (or ended by a write error first).
            Task {
                await waitForInterrupt()
                feeder.stop()
            }
        }
        await feeder.finished()
        node.close()
        if let failure = feeder.failure {
            throw CameraSimCommandError("writing to \(device) failed after \(feeder.written) frames: \(failure)")
        }
        emit("terminal-sim loopback-camera: wrote \(feeder.written) frames to \(device)")
    }
}
