import ArgumentParser
import Foundation
import Imaging
import V4L2

/// `attendctl camera`: V4L2 capture devices, their formats and controls, test captures and streams.
struct CameraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camera",
        abstract:
            "V4L2 cameras: list capture devices, show formats and controls, capture a frame as PNG, measure a stream.",
        subcommands: [CameraList.self, CameraFormats.self, CameraCapture.self, CameraStream.self])
}

/// `--device PATH`, defaulting to the first streaming capture device under /dev.
struct CameraDeviceOptions: ParsableArguments {
    @Option(help: "The V4L2 node, e.g. /dev/video0 (default: the first capture device found under /dev).")
    var device: String?

    /// Opens `--device`, or the first capture device discovery finds.
    func open() throws -> V4L2Device {
        let path = try resolvedPath()
        do {
            return try V4L2Device(path: path)
        } catch {
            throw CameraCommandError("cannot open camera \(path): \(error)")
        }
    }

    private func resolvedPath() throws -> String {
        if let device { return device }
        let discovery = V4L2Device.discover()
        if let first = discovery.devices.first { return first.path }
        let reasons = discovery.rejected.sorted { $0.key < $1.key }.map { "\n  \($0.key): \($0.value)" }.joined()
        throw CameraCommandError("no V4L2 capture device found under /dev; pass --device PATH\(reasons)")
    }
}

/// `--format`, `--size` and `--fps`: what to ask the driver for before streaming.
struct CameraCaptureOptions: ParsableArguments {
    @Option(
        help:
            "Pixel format: grey, yuyv or mjpeg (default: the device's current format if convertible, else the first convertible one it offers)."
    )
    var format: PixelFormat?

    @Option(help: "Frame size WxH, e.g. 640x480 (default: the device's current size).")
    var size: CameraSizeOption?

    @Option(help: "Frame rate in frames per second (default: the device's current rate).")
    var fps: Int?

    func validate() throws {
        if let fps, !(1...1000).contains(fps) { throw ValidationError("--fps must be within 1...1000, got \(fps)") }
    }
}

extension PixelFormat: ExpressibleByArgument {}

/// A frame size given as `WxH`.
struct CameraSizeOption: ExpressibleByArgument, CustomStringConvertible {
    let width: UInt32
    let height: UInt32

    /// Parses "640x480" (also "640X480"); each side 1...65535.
    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = UInt32(parts[0]), let height = UInt32(parts[1]),
            (1...65_535).contains(width), (1...65_535).contains(height)
        else { return nil }
        self.width = width
        self.height = height
    }

    var description: String { "\(width)x\(height)" }

    static var defaultCompletionKind: CompletionKind { .list(["640x480", "320x240", "1280x720"]) }
}

/// What the driver agreed to after format and rate negotiation.
struct NegotiatedCapture {
    let format: V4L2Format
    let pixelFormat: PixelFormat
    /// The frame interval in force, nil when the driver does not report one.
    let interval: V4L2Fraction?

    var summary: String {
        let rate = interval?.framesPerSecond.map { String(format: " at %.1f fps", $0) } ?? ""
        return "\(format.pixelFormat) \(format.width)x\(format.height)\(rate)"
    }
}

extension CameraCaptureOptions {
    /// Sets format, size and rate on `device`; throws naming the device and the option the driver refused.
    func negotiate(on device: V4L2Device) throws -> NegotiatedCapture {
        let path = device.path
        do {
            let offered = try device.pixelFormats().map(\.fourcc)
            let current = try device.format()
            let chosen: PixelFormat
            if let format {
                guard offered.contains(V4L2FourCC(rawValue: format.fourCC)) else {
                    throw CameraCommandError(
                        "camera \(path) does not offer --format \(format.rawValue) (it offers \(Self.names(offered)))")
                }
                chosen = format
            } else if let usable = PixelFormat(fourCC: current.pixelFormat.rawValue) {
                chosen = usable
            } else if let usable = offered.lazy.compactMap({ PixelFormat(fourCC: $0.rawValue) }).first {
                chosen = usable
            } else {
                throw CameraCommandError(
                    "camera \(path) offers no format this tool converts (it offers \(Self.names(offered)); grey, yuyv and mjpeg are supported)"
                )
            }
            let wanted = V4L2Format(
                width: size?.width ?? current.width, height: size?.height ?? current.height,
                pixelFormat: V4L2FourCC(rawValue: chosen.fourCC))
            let set = try device.setFormat(wanted)
            guard set.pixelFormat == wanted.pixelFormat else {
                throw CameraCommandError("camera \(path) switched --format \(chosen.rawValue) to \(set.pixelFormat)")
            }
            if let size, set.width != size.width || set.height != size.height {
                let sizes = (try? device.frameSizes(for: wanted.pixelFormat)).map(Self.describe) ?? "unknown"
                throw CameraCommandError(
                    "camera \(path) cannot deliver --size \(size) in \(set.pixelFormat) (driver chose \(set.width)x\(set.height); offered: \(sizes))"
                )
            }
            var interval = try? device.frameInterval()
            if let fps {
                let chosenInterval = try device.setFrameInterval(.interval(framesPerSecond: UInt32(fps)))
                if let actual = chosenInterval.framesPerSecond, abs(actual - Double(fps)) > 0.5 {
                    FileHandle.standardError.write(
                        Data(
                            "note: camera \(path) runs at \(String(format: "%.1f", actual)) fps, not the requested --fps \(fps)\n"
                                .utf8))
                }
                interval = chosenInterval
            }
            return NegotiatedCapture(format: set, pixelFormat: chosen, interval: interval)
        } catch let error as V4L2Error {
            throw CameraCommandError("camera \(path): \(error)")
        }
    }

    private static func names(_ codes: [V4L2FourCC]) -> String {
        codes.isEmpty ? "nothing" : codes.map(\.description).joined(separator: ", ")
    }

    static func describe(_ sizes: V4L2FrameSizes) -> String {
        switch sizes {
        case .discrete(let list): list.map(\.description).joined(separator: ", ")
        case .stepwise(let min, let max, let step): "\(min) to \(max) in steps of \(step)"
        case .continuous(let min, let max): "any size from \(min) to \(max)"
        }
    }
}

/// A camera failure the operator can act on; the message names the device or option.
struct CameraCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Stops `stream` after `duration` unless cancelled first: a waiting `withNextFrame` then ends with `.streamEnded`.
/// A camera opened, its capture negotiated and its stream started, with a converter for its frames.
struct StreamingCamera {
    let device: V4L2Device
    let negotiated: NegotiatedCapture
    let converter: CameraFrameConverter
    let stream: V4L2Stream

    /// Opens `camera`, negotiates `capture` on it and starts streaming; a failed negotiation closes the device.
    init(_ camera: CameraDeviceOptions, _ capture: CameraCaptureOptions) throws {
        device = try camera.open()
        do {
            negotiated = try capture.negotiate(on: device)
        } catch {
            device.close()
            throw error
        }
        converter = try CameraFrameConverter(pixelFormat: negotiated.pixelFormat)
        do {
            stream = try V4L2Stream.start(device: device)
        } catch {
            throw CameraCommandError("camera \(device.path): cannot start streaming: \(error)")
        }
    }
}

func stopStream(_ stream: V4L2Stream, after duration: Duration) -> Task<Void, Never> {
    Task {
        guard (try? await Task.sleep(for: duration)) != nil else { return }
        stream.requestStop()
    }
}
