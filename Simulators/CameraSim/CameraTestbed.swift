import Glibc
import Synchronization
internal import CUMockdev

/// Set while a camera testbed is alive: umockdev keeps its root in the process-wide UMOCKDEV_DIR.
private let cameraTestbedAlive = Mutex(false)

/// A umockdev testbed holding simulated V4L2 cameras (`/dev/video0`, `/dev/video1`, …) that code in
/// this process reaches with plain open/ioctl/mmap through libumockdev-preload.
///
/// - Run the process with `LD_PRELOAD=libumockdev-preload.so.0` (see `CameraSimEnvironment`).
/// - One testbed per process (UMOCKDEV_DIR is process-wide); a second `init` throws `.testbedAlreadyAlive`.
///   Put every umockdev suite under one `.serialized` parent suite.
/// - The node is a regular file: poll() is always ready, so DQBUF answers EAGAIN until a frame is due.
/// - Close every camera fd before `shutDown()`: an ioctl on a node whose testbed is gone aborts the process.
public final class CameraTestbed: Sendable {
    private struct Attachment {
        let handler: GObjectHandle<UMockdevIoctlBase>
        let signalID: gulong
        let session: V4L2IoctlSession
    }

    private struct State {
        var testbed: GObjectHandle<CUMockdev.UMockdevTestbed>?
        var attachments: [Attachment] = []
        var nextIndex = 0
    }

    private let state: Mutex<State>
    private let elapsed: @Sendable () -> Duration

    /// An empty testbed whose cameras time frames on `clock`; throws when the preload is missing or another testbed lives.
    public init<C: Clock<Duration>>(clock: C) throws(CameraSimError) {
        guard CameraSimEnvironment.isPreloaded else { throw .preloadMissing }
        let claimed = cameraTestbedAlive.withLock { alive in
            defer { alive = true }
            return !alive
        }
        guard claimed else { throw .testbedAlreadyAlive }
        // A testbed from another module (e.g. UMockdevHarness) is alive: umockdev sets UMOCKDEV_DIR
        // while a testbed exists and unsets it when the testbed is freed.
        guard getenv("UMOCKDEV_DIR") == nil else {
            cameraTestbedAlive.withLock { $0 = false }
            throw .testbedAlreadyAlive
        }
        guard let testbed = umockdev_testbed_new() else {
            cameraTestbedAlive.withLock { $0 = false }
            throw .deviceDescriptionRejected("umockdev_testbed_new failed")
        }
        state = Mutex(State(testbed: GObjectHandle(adopting: testbed)))
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
    }

    /// An empty testbed on the continuous clock.
    public convenience init() throws(CameraSimError) {
        try self.init(clock: ContinuousClock())
    }

    /// The testbed's root directory (UMOCKDEV_DIR), nil after shutdown.
    public var rootDirectory: String? {
        state.withLock { state in
            guard let testbed = state.testbed, let root = umockdev_testbed_get_root_dir(testbed.pointer) else {
                return nil
            }
            defer { g_free(root) }
            return String(cString: root)
        }
    }

    /// Adds a camera at the next `/dev/videoN` that shows `source` and offers what `configuration` lists.
    public func addCamera(configuration: CameraConfiguration = CameraConfiguration(),
                          source: any CameraFrameSource) throws(CameraSimError) -> SimulatedCamera {
        try configuration.validate()
        return try state.withLock { state throws(CameraSimError) in
            guard let testbed = state.testbed?.pointer else { throw .testbedShutDown }
            let index = state.nextIndex
            let name = "video\(index)"
            let devicePath = "/devices/pci0000:00/0000:00:14.0/usb1/1-\(index + 1)/1-\(index + 1):1.0/video4linux/\(name)"
            let sysfsPath = "/sys" + devicePath
            try Self.add(Self.description(name: name, index: index, devicePath: devicePath,
                                          cardName: configuration.name), to: testbed)
            state.nextIndex += 1
            guard let rootPointer = umockdev_testbed_get_root_dir(testbed) else {
                throw .nodeFileUnavailable(path: "/dev/\(name)", errno: ENOENT)
            }
            let root = String(cString: rootPointer)
            g_free(rootPointer)
            let node = try NodeFile(path: root + "/dev/" + name)
            let session = V4L2IoctlSession(
                device: CameraDeviceState(configuration: configuration, source: source, node: node), elapsed: elapsed)
            guard let newHandler = umockdev_ioctl_base_new() else {
                throw .ioctlAttachFailed(node: "/dev/\(name)", message: "umockdev_ioctl_base_new failed")
            }
            let handler = GObjectHandle(adopting: newHandler)
            let signalID = cumockdev_connect_handle_ioctl(
                newHandler, V4L2IoctlSession.signalCallback, Unmanaged.passUnretained(session).toOpaque())
            // The attachment keeps the session alive as long as the signal can reach it.
            state.attachments.append(Attachment(handler: handler, signalID: signalID, session: session))
            var error: UnsafeMutablePointer<GError>?
            guard umockdev_testbed_attach_ioctl(testbed, "/dev/\(name)", newHandler, &error) != 0 else {
                let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
                if let error { g_error_free(error) }
                throw .ioctlAttachFailed(node: "/dev/\(name)", message: message)
            }
            return SimulatedCamera(testbed: self, session: session, devicePath: "/dev/\(name)",
                                   sysfsPath: sysfsPath, elapsed: elapsed)
        }
    }

    /// Removes every camera and the testbed, and frees the process-wide slot. Idempotent.
    public func shutDown() {
        let wasAlive = state.withLock { state in
            guard let testbed = state.testbed else { return false }
            for attachment in state.attachments {
                cumockdev_disconnect(attachment.handler.pointer, attachment.signalID)
            }
            var error: UnsafeMutablePointer<GError>?
            for index in 0..<state.nextIndex {
                _ = umockdev_testbed_detach_ioctl(testbed.pointer, "/dev/video\(index)", &error)
                if let failure = error { g_error_free(failure); error = nil }
            }
            state.attachments = []
            state.testbed = nil
            return true
        }
        if wasAlive { cameraTestbedAlive.withLock { $0 = false } }
    }

    deinit { shutDown() }

    /// Takes the camera's device out of sysfs and /dev (its handler stays attached and answers ENODEV).
    func removeDevice(sysfsPath: String) {
        state.withLock { state in
            guard let testbed = state.testbed?.pointer else { return }
            umockdev_testbed_uevent(testbed, sysfsPath, "remove")
            umockdev_testbed_remove_device(testbed, sysfsPath)
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

    private static func add(_ description: String, to testbed: UnsafeMutablePointer<CUMockdev.UMockdevTestbed>)
        throws(CameraSimError) {
        var error: UnsafeMutablePointer<GError>?
        guard umockdev_testbed_add_from_string(testbed, description, &error) != 0 else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw .deviceDescriptionRejected(message)
        }
    }
}
