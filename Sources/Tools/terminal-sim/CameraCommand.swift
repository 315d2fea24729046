import ArgumentParser
import CameraSim
import Foundation

/// `terminal-sim camera`: a simulated V4L2 camera in a umockdev testbed, with a command run against it.
struct CameraSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camera",
        abstract:
            "Plug a simulated V4L2 camera into a umockdev testbed and run a command against it on the real ioctl/mmap path.",
        discussion: """
            Run under the umockdev preload; the command inherits LD_PRELOAD and UMOCKDEV_DIR, so its open/ioctl/mmap on /dev/video0 reach the simulated camera. Example:
              LD_PRELOAD=libumockdev-preload.so.0 terminal-sim camera --faces ../shared/data/faces/orl/s1 -- attendctl camera capture --png /tmp/face.png
            """)

    @Option(
        name: .customLong("format"),
        help:
            "A pixel format the camera offers (grey, yuyv, mjpeg); repeatable, the first is the default (default: grey, yuyv, mjpeg)."
    )
    var formats: [CameraFormatOption] = []

    @OptionGroup var scene: CameraSceneOptions

    @Option(help: "The camera's default frame rate in frames per second (it also offers 30, 15 and 5).")
    var fps: Int?

    @Argument(parsing: .postTerminator, help: "The command to run (after --) and its arguments.")
    var command: [String] = []

    static let preloadHint = "run LD_PRELOAD=libumockdev-preload.so.0 terminal-sim camera … -- COMMAND …"

    func validate() throws {
        guard !command.isEmpty else {
            throw ValidationError(
                "give the command to run after --, e.g. -- attendctl camera capture --png /tmp/face.png")
        }
        guard Set(formats).count == formats.count else { throw ValidationError("--format lists a format twice") }
        if let fps, !(1...1000).contains(fps) { throw ValidationError("--fps must be within 1...1000, got \(fps)") }
    }

    func run() async throws {
        guard CameraSimEnvironment.isPreloaded else {
            throw CameraSimCommandError(
                "terminal-sim camera needs libumockdev-preload in this process: \(Self.preloadHint)")
        }
        let executable = try USBChildProcess.resolve(command[0])
        let (source, sceneName) = try scene.source()
        let offered = (formats.isEmpty ? CameraFormatOption.allCases : formats).map(\.value)
        var rates = [30, 15, 5]
        if let fps { rates = [fps] + rates.filter { $0 != fps } }
        let configuration = CameraConfiguration(
            formats: offered, frameRates: rates,
            jpegEncoder: offered.contains(.mjpeg) ? TurboJPEGFrameEncoder() : nil)
        let testbed: CameraTestbed
        let camera: SimulatedCamera
        do {
            testbed = try CameraTestbed()
            camera = try testbed.addCamera(configuration: configuration, source: source)
        } catch {
            throw CameraSimCommandError("cannot set up the camera testbed: \(error)")
        }
        let formatNames = (formats.isEmpty ? CameraFormatOption.allCases : formats).map(\.rawValue).joined(
            separator: ", ")
        emit(
            "terminal-sim camera: \"\(configuration.name)\" at \(camera.devicePath) (\(formatNames); \(configuration.frameSizes.map(\.description).joined(separator: ", ")); \(rates.map(String.init).joined(separator: "/")) fps) showing \(sceneName)"
        )
        let status: Int32
        do {
            status = try await USBChildProcess.run(executable: executable, arguments: Array(command.dropFirst()))
        } catch {
            testbed.shutDown()
            throw error
        }
        let counters = camera.counters
        testbed.shutDown()
        emit(
            "terminal-sim camera: \(command[0]) exited with status \(status); camera produced \(counters.produced), delivered \(counters.delivered), dropped \(counters.dropped) frames; testbed shut down"
        )
        throw ExitCode(status)
    }
}

/// `--format` values.
enum CameraFormatOption: String, ExpressibleByArgument, CaseIterable {
    case grey, yuyv, mjpeg

    var value: CameraPixelFormat {
        switch self {
        case .grey: .grey
        case .yuyv: .yuyv
        case .mjpeg: .mjpeg
        }
    }
}

struct CameraSimCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
