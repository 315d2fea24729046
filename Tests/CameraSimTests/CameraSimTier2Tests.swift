import CameraSim
import ClockTesting
import Testing

/// Every suite that needs libumockdev-preload: serialized, because UMOCKDEV_DIR is process-wide and
/// only one testbed may live at a time. Run with `CameraSimEnvironment.testCommand`.
@Suite(.serialized, .enabled(if: CameraSimEnvironment.isPreloaded, Comment(rawValue: CameraSimEnvironment.skipReason)))
struct CameraSimTier2Tests {}

/// A testbed on a manual clock with one camera open through the raw V4L2 path.
struct CameraFixture {
    let clock: ManualClock
    let camera: SimulatedCamera
    let device: V4L2TestDevice
    let source: any CameraFrameSource

    /// Runs `body` against a fresh camera; closes the node and shuts the testbed down afterwards.
    static func run(
        _ configuration: CameraConfiguration = CameraConfiguration(),
        source: any CameraFrameSource = MovingGradientSource(width: 160, height: 120),
        _ body: (CameraFixture) throws -> Void
    ) throws {
        let clock = ManualClock()
        let testbed = try CameraTestbed(clock: clock)
        defer { testbed.shutDown() }
        let camera = try testbed.addCamera(configuration: configuration, source: source)
        try body(
            CameraFixture(
                clock: clock, camera: camera, device: try V4L2TestDevice(path: camera.devicePath),
                source: source))
    }

    /// The bytes a frame `sequence` must carry at the negotiated size, in grey.
    func expectedGrey(sequence: Int) -> [UInt8] {
        source.frame(at: sequence).resized(to: camera.frameSize).pixels
    }

    /// Advances the clock by `frames` frame intervals.
    func advance(frames: Int = 1) {
        clock.advance(by: camera.frameInterval * frames)
    }

    /// S_FMT, REQBUFS(count), mmap every buffer, QBUF all, STREAMON.
    func startStreaming(fourcc: UInt32, width: Int = 320, height: Int = 240, buffers: Int = 4) throws
        -> [UnsafeRawBufferPointer]
    {
        let (error, _) = device.setFormat(fourcc, width: width, height: height)
        try #require(error == 0, "S_FMT: errno \(error)")
        let (reqError, count) = device.requestBuffers(buffers)
        try #require(reqError == 0, "REQBUFS: errno \(reqError)")
        let maps = try (0..<count).map { try device.map($0) }
        for index in 0..<count { try #require(device.queue(index) == 0) }
        try #require(device.stream(true) == 0)
        return maps
    }
}
