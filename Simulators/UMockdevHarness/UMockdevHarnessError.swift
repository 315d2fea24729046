/// Why the umockdev harness could not do what was asked.
public enum UMockdevHarnessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libumockdev-preload is not loaded, so no program in this process would see the fake devices.
    case preloadMissing
    /// Another `UMockdevTestbed` is alive: UMOCKDEV_DIR is process-wide, so only one may exist at a time.
    case testbedAlreadyAlive
    /// The testbed was shut down.
    case testbedShutDown
    /// umockdev rejected the generated device description.
    case deviceDescriptionRejected(String)
    /// umockdev could not attach the ioctl handler to the device node.
    case ioctlAttachFailed(node: String, message: String)
    /// `replug()` was called on a device that is plugged in.
    case alreadyPlugged

    public var description: String {
        switch self {
        case .preloadMissing:
            "libumockdev-preload is not loaded in this process; run: \(UMockdevEnvironment.testCommand)"
        case .testbedAlreadyAlive:
            "another UMockdevTestbed is alive in this process (UMOCKDEV_DIR is process-wide): shut it down first"
        case .testbedShutDown:
            "the UMockdevTestbed was shut down"
        case .deviceDescriptionRejected(let message):
            "umockdev rejected the device description: \(message)"
        case .ioctlAttachFailed(let node, let message):
            "could not attach the usbfs ioctl handler to \(node): \(message)"
        case .alreadyPlugged:
            "the device is plugged in; unplug() it before replug()"
        }
    }
}
