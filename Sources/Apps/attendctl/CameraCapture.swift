import ArgumentParser
import Biometrics
import Foundation
import ImageFiles
import Imaging
import V4L2

/// `attendctl camera capture`: one frame, converted to grey, written as an 8-bit PNG.
struct CameraCapture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture", abstract: "Capture one frame, convert it to grey and write it as a PNG.")

    @OptionGroup var camera: CameraDeviceOptions
    @OptionGroup var capture: CameraCaptureOptions

    @Option(help: "The PNG file to write.")
    var png: String

    @Option(help: "Seconds to wait for a frame before giving up.")
    var timeout: Double = 5

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
    }

    func run() async throws {
        let streaming = try StreamingCamera(camera, capture)
        let (device, negotiated, converter) = (streaming.device, streaming.negotiated, streaming.converter)
        let stream = streaming.stream
        let timer = stopStream(stream, after: .seconds(timeout))
        var converted = false
        var sequence: UInt32 = 0
        do {
            // Frames that fail to convert (a corrupt MJPEG) are skipped; the next one is tried.
            while !converted {
                try await stream.withNextFrame { frame in
                    sequence = frame.sequence
                    converted = converter.convert(frame)
                }
            }
        } catch V4L2Error.streamEnded {
            let why = converter.lastFailure.map { "; last conversion failure: \($0)" } ?? ""
            await stream.stop()
            throw CameraCommandError(
                "camera \(device.path): no usable frame within \(timeout) s (\(negotiated.summary))\(why)")
        } catch {
            timer.cancel()
            await stream.stop()
            throw CameraCommandError("camera \(device.path): \(error)")
        }
        timer.cancel()
        await stream.stop()
        let gray = converter.gray
        let image = try GrayImage(width: gray.width, height: gray.height, pixels: gray.packed().pixels)
        let data = Data(PNGEncoder.encode(image))
        do {
            try data.write(to: URL(fileURLWithPath: png))
        } catch {
            throw CameraCommandError("cannot write --png \(png): \(error.localizedDescription)")
        }
        let damaged = converter.damaged > 0 ? " (JPEG decoded with a warning: damaged)" : ""
        say(
            "\(device.path): \(negotiated.summary), frame \(sequence) → \(png) (\(gray.width)x\(gray.height) grey, \(data.count) bytes)\(damaged)"
        )
    }
}
