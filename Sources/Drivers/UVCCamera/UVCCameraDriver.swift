import Biometrics
import ImageFiles
import Imaging
import Logging
import V4L2

/// A UVC/V4L2 face camera: opens the device, negotiates GREY > YUYV > MJPEG near 640×480 at 15–30 fps,
/// turns auto exposure on, streams, and hands out grey frames converted into one reused `GrayFrame`.
///
/// MJPEG frames are decoded on a worker of the driver's own, off the cooperative pool, each by
/// `configuration.frameDecodeDeadline`; a frame that takes longer is a device fault (a hostile or broken
/// camera), and so is the next frame while that decode still holds the worker.
///
/// When the camera vanishes the stream is torn down and every later call tries to reopen it; while
/// that fails the call throws `FaceCameraError.deviceFault`. An EIO while the device stays present
/// restarts the stream once within the same call; a second EIO in that call is a device fault.
public actor UVCCameraDriver {
    /// How the camera is found and set up.
    public let configuration: UVCCameraConfiguration
    /// The negotiated mode of the open stream, nil while closed.
    public private(set) var mode: UVCCaptureMode?
    /// How exposure was configured at the last open, nil before the first open.
    public private(set) var exposure: UVCExposureSetting?
    /// The node of the open stream, nil while closed.
    public private(set) var devicePath: String?

    private var stream: V4L2Stream?
    private var frame = GrayFrame()
    private let mjpeg: MJPEGFrameDecoder
    private var counters = UVCCameraStatistics()
    private var droppedByClosedStreams = 0
    private var hasOpened = false
    /// `nextGrayFrame` calls running now (they interleave with other calls at their awaits).
    private var capturesInFlight = 0
    /// The stop of the stream last closed, while it runs: a reopen waits for it (the device is busy until then).
    private var stopping: Task<Void, Never>?
    private let logger: Logger

    /// A closed driver; the first `nextGrayFrame` (or `open`) opens the camera. `clock` measures the
    /// MJPEG decode deadline.
    public init(
        configuration: UVCCameraConfiguration = UVCCameraConfiguration(), logger: Logger = Logger(label: "UVCCamera"),
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.configuration = configuration
        self.logger = logger
        mjpeg = MJPEGFrameDecoder(deadline: configuration.frameDecodeDeadline, clock: clock)
    }

    /// Counters over the driver's life, including the open stream's drops.
    public var statistics: UVCCameraStatistics {
        var result = counters
        result.dropped = droppedByClosedStreams + (stream?.statistics.dropped ?? 0)
        return result
    }

    /// Whether a stream is running.
    public var isOpen: Bool { stream != nil }

    /// Opens the camera and starts streaming (no-op when already open); returns the negotiated mode.
    @discardableResult
    public func open() throws(UVCCameraError) -> UVCCaptureMode {
        // A stream that ended on its own is still returned: its next frame request reports why and the
        // caller closes it (awaiting teardown) before reopening.
        if stream != nil, let mode { return mode }
        let path = try resolvePath()
        let device: V4L2Device
        do {
            device = try V4L2Device(path: path)
        } catch {
            throw .device(path: path, error)
        }
        do {
            let negotiated = try negotiate(device, path: path)
            let exposureSetting = configureExposure(device)
            let started = try V4L2Stream.start(device: device, bufferCount: configuration.bufferCount)
            stream = started
            mode = negotiated
            exposure = exposureSetting
            devicePath = path
            if hasOpened { counters.reopens += 1 }
            hasOpened = true
            logger.info(
                "camera opened",
                metadata: [
                    "path": "\(path)", "format": "\(negotiated.pixelFormat)", "size": "\(negotiated.size)",
                    "interval": "\(negotiated.frameInterval.map(\.description) ?? "default")",
                    "exposure": "\(exposureSetting)",
                ])
            return negotiated
        } catch let error as UVCCameraError {
            device.close()
            throw error
        } catch {
            device.close()
            throw .device(path: path, error as? V4L2Error ?? .streamEnded)
        }
    }

    /// Stops the stream and closes the device; the next `nextGrayFrame` reopens it.
    public func close() async {
        guard let running = stream else {
            await stopping?.value
            return
        }
        stream = nil
        mode = nil
        devicePath = nil
        droppedByClosedStreams += running.statistics.dropped
        let stop = Task { await running.stop() }
        stopping = stop
        await stop.value
        if stopping == stop { stopping = nil }
    }

    /// Closes the stream unless a capture is running (the owner releasing the camera after one
    /// enrollment must not close it under the next one, which may already have started).
    public func releaseIfIdle() async {
        guard capturesInFlight == 0 else { return }
        await close()
    }

    /// The next usable grey frame: dark (strobe-off) frames and undecodable frames are skipped and counted.
    /// The result shares storage with the driver's reused frame; drop it before the next call so the
    /// conversion can write in place. Throws `.deviceFault` when the camera is gone or cannot be opened.
    public func nextGrayFrame() async throws(FaceCameraError) -> GrayFrame {
        capturesInFlight += 1
        defer { capturesInFlight -= 1 }
        var ioRestarts = 0
        var darkInARow = 0
        var damagedInARow = 0
        while true {
            // A cancelled caller (an enrollment that ended) must not reopen a camera its owner released.
            if Task.isCancelled { throw .deviceFault("frame capture cancelled") }
            let running: V4L2Stream
            if stream == nil, let stopping { await stopping.value }
            do throws(UVCCameraError) {
                try open()
                guard let opened = stream else { throw .device(path: "camera", .streamEnded) }
                running = opened
            } catch {
                throw .deviceFault(error.description)
            }
            var outcome: FrameOutcome
            do {
                outcome = try await running.withNextFrame { captured in self.ingest(captured) }
            } catch let error as V4L2Error {
                let path = devicePath ?? "camera"
                await close()
                logger.warning("camera stream ended", metadata: ["path": "\(path)", "error": "\(error)"])
                if case .io = error, ioRestarts == 0 {
                    ioRestarts += 1
                    counters.ioRecoveries += 1
                    continue
                }
                throw .deviceFault(UVCCameraError.device(path: path, error).description)
            } catch is CancellationError {
                throw .deviceFault("frame capture cancelled")
            } catch {
                throw .deviceFault("frame capture failed: \(error)")
            }
            if case .compressed(let jpeg, let pixels) = outcome {
                outcome = try await decode(jpeg, maximumPixelCount: pixels)
            }
            switch outcome {
            case .usable:
                counters.delivered += 1
                return frame
            case .dark:
                darkInARow += 1
                if darkInARow >= configuration.maximumConsecutiveDarkFrames {
                    // Persistently dark is the scene, not the strobe: deliver it so the quality gate says tooDark.
                    counters.delivered += 1
                    return frame
                }
                counters.darkSkipped += 1
            case .damaged, .compressed:
                counters.damagedSkipped += 1
                damagedInARow += 1
                if damagedInARow >= configuration.maximumConsecutiveDamagedFrames {
                    let error = UVCCameraError.tooManyDamagedFrames(path: devicePath ?? "camera", count: damagedInARow)
                    throw .deviceFault(error.description)
                }
            }
        }
    }

    private enum FrameOutcome {
        case usable, dark, damaged
        /// An MJPEG frame, copied out of the buffer, to decode off the actor; at most `pixels` pixels.
        case compressed([UInt8], pixels: Int)
    }

    /// Converts the borrowed buffer into `frame` and classifies it; an MJPEG frame is only copied out.
    private func ingest(_ captured: V4L2Frame) -> FrameOutcome {
        let format = captured.format
        let width = Int(format.width)
        let height = Int(format.height)
        do {
            switch format.pixelFormat {
            case .grey:
                let bytesPerLine = format.bytesPerLine == 0 ? width : Int(format.bytesPerLine)
                try PixelConversion.convert(
                    grey: captured.bytes, width: width, height: height, bytesPerLine: bytesPerLine, into: &frame)
            case .yuyv:
                let bytesPerLine = format.bytesPerLine == 0 ? 2 * width : Int(format.bytesPerLine)
                try PixelConversion.convert(
                    yuyv: captured.bytes, width: width, height: height, bytesPerLine: bytesPerLine, into: &frame)
            default:
                let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
                guard !overflow, pixels > 0 else { return .damaged }
                return .compressed([UInt8](captured.bytes), pixels: pixels)
            }
        } catch {
            return .damaged
        }
        return classify()
    }

    /// Decodes an MJPEG frame into `frame` on the decode worker and classifies it.
    private func decode(_ jpeg: [UInt8], maximumPixelCount: Int) async throws(FaceCameraError) -> FrameOutcome {
        let decoded: GrayFrame?
        do {
            decoded = try await mjpeg.decodeGray(jpeg, maximumPixelCount: maximumPixelCount)
        } catch {
            if case .cancelled = error { throw .deviceFault("frame capture cancelled") }
            throw .deviceFault(UVCCameraError.frameDecoding(path: devicePath ?? "camera", error).description)
        }
        guard let decoded else { return .damaged }
        frame = decoded
        return classify()
    }

    private func classify() -> FrameOutcome {
        configuration.darkFrameDetector.isDark(frame) ? .dark : .usable
    }

    private func resolvePath() throws(UVCCameraError) -> String {
        if let path = configuration.devicePath { return path }
        let found = V4L2Device.discover(in: configuration.discoveryDirectory)
        guard let first = found.devices.first else {
            throw .noCaptureDevice(directory: configuration.discoveryDirectory)
        }
        return first.path
    }

    private func negotiate(_ device: V4L2Device, path: String) throws -> UVCCaptureMode {
        let offered = try device.pixelFormats().map(\.fourcc)
        guard let fourcc = CaptureModeSelection.format(offered: offered) else {
            throw UVCCameraError.noSupportedFormat(path: path, offered: offered)
        }
        let sizes = try device.frameSizes(for: fourcc)
        let size =
            CaptureModeSelection.size(from: sizes, nearest: configuration.preferredSize)
            ?? configuration.preferredSize
        let set = try device.setFormat(V4L2Format(width: size.width, height: size.height, pixelFormat: fourcc))
        guard set.pixelFormat == fourcc else {
            throw UVCCameraError.noSupportedFormat(path: path, offered: [set.pixelFormat])
        }
        let setSize = V4L2Size(width: set.width, height: set.height)
        var interval: V4L2Fraction?
        // Frame-rate control is optional in UVC; a camera without it streams at its default rate.
        if let offeredIntervals = try? device.frameIntervals(for: fourcc, size: setSize),
            let wanted = CaptureModeSelection.interval(
                from: offeredIntervals, framesPerSecond: configuration.framesPerSecond,
                preferred: configuration.preferredFramesPerSecond)
        {
            interval = try? device.setFrameInterval(wanted)
        }
        return UVCCaptureMode(
            pixelFormat: fourcc, size: setSize, bytesPerLine: set.bytesPerLine, frameInterval: interval)
    }

    /// Aperture-priority (the UVC "auto"), then full auto; when both are refused, manual at mid-range.
    private func configureExposure(_ device: V4L2Device) -> UVCExposureSetting {
        guard let info = try? device.queryControl(.exposureAuto), !info.isDisabled else { return .unavailable }
        for mode in [V4L2ExposureMode.aperturePriority, .auto] {
            if (try? device.setExposureMode(mode)) != nil { return .automatic(mode) }
        }
        guard (try? device.setExposureMode(.manual)) != nil else { return .unavailable }
        guard let absolute = try? device.queryControl(.exposureAbsolute), !absolute.isDisabled else {
            return .manual(nil)
        }
        let middle = Int32((Int(absolute.minimum) + Int(absolute.maximum)) / 2)
        return .manual(try? device.setControlValue(.exposureAbsolute, middle))
    }
}
