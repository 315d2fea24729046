package import CUMockdev
import Glibc
import Synchronization

/// Set while the process testbed lives: umockdev keeps its root in the process-wide UMOCKDEV_DIR.
private let processTestbedAlive = Mutex(false)

/// Why the process testbed could not be made or changed.
public enum UMockdevProcessTestbedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another testbed lives in this process (UMOCKDEV_DIR is process-wide).
    case alreadyAlive
    /// umockdev refused: the message says why.
    case umockdev(String)
    /// The testbed was shut down.
    case shutDown

    public var description: String {
        switch self {
        case .alreadyAlive: "another umockdev testbed is alive in this process (UMOCKDEV_DIR is process-wide)"
        case .umockdev(let message): message
        case .shutDown: "the umockdev testbed was shut down"
        }
    }
}

/// The process's one umockdev testbed (fake sysfs, udev and /dev). The USB harness and the camera
/// simulator both plug their devices into it, so that one process can host a fingerprint module and a
/// camera at once (`make demo`). Each of them creates its own when not given one.
public final class UMockdevProcessTestbed: Sendable {
    private let testbed: Mutex<GObjectRef<CUMockdev.UMockdevTestbed>?>

    /// A new, empty testbed; throws when another one lives in this process.
    public init() throws(UMockdevProcessTestbedError) {
        let claimed = processTestbedAlive.withLock { alive in
            defer { alive = true }
            return !alive
        }
        guard claimed else { throw .alreadyAlive }
        // A testbed made outside this type is alive: umockdev sets UMOCKDEV_DIR while one exists.
        guard getenv("UMOCKDEV_DIR") == nil else {
            processTestbedAlive.withLock { $0 = false }
            throw .alreadyAlive
        }
        guard let made = umockdev_testbed_new() else {
            processTestbedAlive.withLock { $0 = false }
            throw .umockdev("umockdev_testbed_new failed")
        }
        testbed = Mutex(GObjectRef(adopting: made))
    }

    /// The testbed's root directory (UMOCKDEV_DIR), nil after shutdown.
    public var rootDirectory: String? {
        withTestbed { testbed in
            guard let root = umockdev_testbed_get_root_dir(testbed) else { return nil }
            defer { g_free(root) }
            return String(cString: root)
        } ?? nil
    }

    /// Whether `shutDown()` has run.
    public var isShutDown: Bool { testbed.withLock { $0 == nil } }

    /// Runs `body` on the live testbed under its lock; nil after shutdown.
    package func withTestbed<R, E: Error>(
        _ body: (UnsafeMutablePointer<CUMockdev.UMockdevTestbed>) throws(E) -> R
    ) throws(E) -> R? {
        try testbed.withLock { (held: inout GObjectRef<CUMockdev.UMockdevTestbed>?) throws(E) -> R? in
            guard let live = held else { return nil }
            return try body(live.pointer)
        }
    }

    /// Adds devices described in umockdev's text format.
    package func add(_ description: String) throws(UMockdevProcessTestbedError) {
        let added: Void? = try withTestbed { (testbed) throws(UMockdevProcessTestbedError) in
            var error: UnsafeMutablePointer<GError>?
            guard umockdev_testbed_add_from_string(testbed, description, &error) != 0 else {
                throw .umockdev(Self.consume(error))
            }
        }
        guard added != nil else { throw .shutDown }
    }

    /// Hands ioctls on `node` (e.g. /dev/video0) to `handler`.
    package func attach(node: String, handler: UnsafeMutablePointer<UMockdevIoctlBase>)
        throws(UMockdevProcessTestbedError)
    {
        let attached: Void? = try withTestbed { (testbed) throws(UMockdevProcessTestbedError) in
            var error: UnsafeMutablePointer<GError>?
            guard umockdev_testbed_attach_ioctl(testbed, node, handler, &error) != 0 else {
                throw .umockdev(Self.consume(error))
            }
        }
        guard attached != nil else { throw .shutDown }
    }

    /// Stops handing ioctls on `node` to its handler; harmless when none is attached.
    package func detach(node: String) {
        withTestbed { testbed in
            var error: UnsafeMutablePointer<GError>?
            _ = umockdev_testbed_detach_ioctl(testbed, node, &error)
            if let error { g_error_free(error) }
        }
    }

    /// Takes a device out of sysfs and /dev, announcing it with a "remove" uevent first (umockdev
    /// 0.17 removes devices silently; libusb's and udev's monitors need the event).
    package func remove(sysfsPath: String) {
        withTestbed { testbed in
            umockdev_testbed_uevent(testbed, sysfsPath, "remove")
            umockdev_testbed_remove_device(testbed, sysfsPath)
        }
    }

    /// Frees the testbed (UMOCKDEV_DIR goes away) and the process-wide slot. Idempotent. Every device
    /// node must be closed first: an ioctl on a node whose testbed is gone aborts the process.
    public func shutDown() {
        let wasAlive = testbed.withLock { held in
            defer { held = nil }
            return held != nil
        }
        if wasAlive { processTestbedAlive.withLock { $0 = false } }
    }

    deinit { shutDown() }

    private static func consume(_ error: UnsafeMutablePointer<GError>?) -> String {
        guard let error else { return "unknown error" }
        defer { g_error_free(error) }
        return String(cString: error.pointee.message)
    }
}
