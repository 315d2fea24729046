internal import CUMockdev
import Glibc
import Synchronization
public import UMockdevCore

/// A umockdev testbed holding simulated V4L2 cameras (`/dev/video0`, `/dev/video1`, …) that code in
/// this process reaches with plain open/ioctl/mmap through libumockdev-preload.
///
/// - Run the process with `LD_PRELOAD=libumockdev-preload.so.0` (see `CameraSimEnvironment`).
/// - One umockdev testbed per process (UMOCKDEV_DIR is process-wide); a second `init` throws
///   `.testbedAlreadyAlive`. Put every umockdev suite under one `.serialized` parent suite. To host a
///   USB device too, pass one `UMockdevProcessTestbed` to `init(sharing:clock:)` here and to the USB harness.
/// - The node is a regular file: poll() is always ready, so DQBUF answers EAGAIN until a frame is due.
/// - Close every camera fd before `shutDown()`: an ioctl on a node whose testbed is gone aborts the process.
public final class CameraTestbed: Sendable {
    private struct Attachment {
        let handler: GObjectRef<UMockdevIoctlBase>
        let signalID: gulong
        let session: V4L2IoctlSession
    }

    private struct State {
        var alive = true
        var attachments: [Attachment] = []
        var nextIndex = 0
    }

    private let state: Mutex<State>
    private let elapsed: @Sendable () -> Duration
    /// The umockdev testbed the cameras live in.
    public let process: UMockdevProcessTestbed
    /// Whether `shutDown()` also frees `process` (it was made for this testbed alone).
    private let ownsProcess: Bool

    /// An empty testbed whose cameras time frames on `clock`; throws when the preload is missing or another testbed lives.
    public convenience init<C: Clock<Duration>>(clock: C) throws(CameraSimError) {
        guard CameraSimEnvironment.isPreloaded else { throw .preloadMissing }
        let process: UMockdevProcessTestbed
        do {
            process = try UMockdevProcessTestbed()
        } catch .alreadyAlive {
            throw .testbedAlreadyAlive
        } catch {
            throw .deviceDescriptionRejected("\(error)")
        }
        self.init(process: process, owned: true, clock: clock)
    }

    /// Cameras in a testbed shared with other simulators (e.g. a USB fingerprint module).
    public convenience init<C: Clock<Duration>>(sharing process: UMockdevProcessTestbed, clock: C)
        throws(CameraSimError)
    {
        guard CameraSimEnvironment.isPreloaded else { throw .preloadMissing }
        self.init(process: process, owned: false, clock: clock)
    }

    private init<C: Clock<Duration>>(process: UMockdevProcessTestbed, owned: Bool, clock: C) {
        self.process = process
        ownsProcess = owned
        state = Mutex(State())
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
    }

    /// An empty testbed on the continuous clock.
    public convenience init() throws(CameraSimError) {
        try self.init(clock: ContinuousClock())
    }

    /// The testbed's root directory (UMOCKDEV_DIR), nil after shutdown.
    public var rootDirectory: String? {
        state.withLock { $0.alive } ? process.rootDirectory : nil
    }

    /// Adds a camera at the next `/dev/videoN` that shows `source` and offers what `configuration` lists.
    public func addCamera(
        configuration: CameraConfiguration = CameraConfiguration(),
        source: any CameraFrameSource
    ) throws(CameraSimError) -> SimulatedCamera {
        try configuration.validate()
        return try state.withLock { state throws(CameraSimError) in
            guard state.alive, let root = process.rootDirectory else { throw .testbedShutDown }
            let index = state.nextIndex
            let name = "video\(index)"
            let devicePath =
                "/devices/pci0000:00/0000:00:14.0/usb1/1-\(index + 1)/1-\(index + 1):1.0/video4linux/\(name)"
            let sysfsPath = "/sys" + devicePath
            try Self.add(
                Self.description(
                    name: name, index: index, devicePath: devicePath,
                    cardName: configuration.name), to: process)
            state.nextIndex += 1
            let node = try NodeFile(path: root + "/dev/" + name)
            let session = V4L2IoctlSession(
                device: CameraDeviceState(configuration: configuration, source: source, node: node), elapsed: elapsed)
            guard let newHandler = umockdev_ioctl_base_new() else {
                throw .ioctlAttachFailed(node: "/dev/\(name)", message: "umockdev_ioctl_base_new failed")
            }
            let handler = GObjectRef(adopting: newHandler)
            let signalID = cumockdev_connect_handle_ioctl(
                newHandler, V4L2IoctlSession.signalCallback, Unmanaged.passUnretained(session).toOpaque())
            // The attachment keeps the session alive as long as the signal can reach it.
            state.attachments.append(Attachment(handler: handler, signalID: signalID, session: session))
            do throws(UMockdevProcessTestbedError) {
                try process.attach(node: "/dev/\(name)", handler: newHandler)
            } catch {
                throw .ioctlAttachFailed(node: "/dev/\(name)", message: error.description)
            }
            return SimulatedCamera(
                testbed: self, session: session, devicePath: "/dev/\(name)",
                sysfsPath: sysfsPath, elapsed: elapsed)
        }
    }

    /// Removes every camera and the testbed, and frees the process-wide slot. Idempotent.
    public func shutDown() {
        state.withLock { state in
            guard state.alive else { return }
            for attachment in state.attachments {
                cumockdev_disconnect(attachment.handler.pointer, attachment.signalID)
            }
            for index in 0..<state.nextIndex { process.detach(node: "/dev/video\(index)") }
            state.attachments = []
            state.alive = false
        }
        if ownsProcess { process.shutDown() }
    }

    deinit { shutDown() }

    /// Takes the camera's device out of sysfs and /dev (its handler stays attached and answers ENODEV).
    func removeDevice(sysfsPath: String) {
        state.withLock { state in
            guard state.alive else { return }
            process.remove(sysfsPath: sysfsPath)
        }
    }

    private static func description(name: String, index: Int, devicePath: String, cardName: String) -> String {
        // One byte of node content makes umockdev create the node as a regular file that mmap can map;
        // REQBUFS grows it to hold every buffer.
        """
        P: \(devicePath)
        N: \(name)=00
        E: DEVNAME=/dev/\(name)
        E: SUBSYSTEM=video4linux
        E: MAJOR=81
        E: MINOR=\(index)
        E: ID_V4L_CAPABILITIES=:capture:
        A: name=\(cardName)
        A: index=0
        A: dev=81:\(index)

        """
    }

    private static func add(_ description: String, to process: UMockdevProcessTestbed) throws(CameraSimError) {
        do {
            try process.add(description)
        } catch .shutDown {
            throw .testbedShutDown
        } catch {
            throw .deviceDescriptionRejected(error.description)
        }
    }
}
