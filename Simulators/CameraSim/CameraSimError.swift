/// Why the camera simulator could not do what was asked.
public enum CameraSimError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libumockdev-preload is not loaded, so no code in this process would see the fake camera.
    case preloadMissing
    /// Another umockdev testbed (a `CameraTestbed` or another module's) is alive: UMOCKDEV_DIR is
    /// process-wide, so only one may exist at a time.
    case testbedAlreadyAlive
    /// The testbed was shut down.
    case testbedShutDown
    /// umockdev rejected the generated device description.
    case deviceDescriptionRejected(String)
    /// umockdev could not attach the V4L2 ioctl handler to the node.
    case ioctlAttachFailed(node: String, message: String)
    /// The node's backing file under the testbed root could not be opened.
    case nodeFileUnavailable(path: String, errno: Int32)
    /// A configuration field holds a value the simulator cannot use.
    case invalidConfiguration(field: String, expected: String)
    /// An image file could not be read.
    case imageUnreadable(path: String, errno: Int32)
    /// An image file is malformed: `field` did not hold what was expected.
    case malformedImage(path: String, field: String, expected: String)
    /// A frame sequence was given no images.
    case emptySequence(String)

    public var description: String {
        switch self {
        case .preloadMissing:
            "libumockdev-preload is not loaded in this process; run: \(CameraSimEnvironment.testCommand)"
        case .testbedAlreadyAlive:
            "another umockdev testbed is alive in this process (UMOCKDEV_DIR is process-wide): shut it down first"
        case .testbedShutDown:
            "the CameraTestbed was shut down"
        case .deviceDescriptionRejected(let message):
            "umockdev rejected the camera description: \(message)"
        case .ioctlAttachFailed(let node, let message):
            "could not attach the V4L2 ioctl handler to \(node): \(message)"
        case .nodeFileUnavailable(let path, let errno):
            "could not open the camera node's backing file \(path) (errno \(errno))"
        case .invalidConfiguration(let field, let expected):
            "invalid camera configuration: \(field) must be \(expected)"
        case .imageUnreadable(let path, let errno):
            "could not read image \(path) (errno \(errno))"
        case .malformedImage(let path, let field, let expected):
            "malformed image \(path): \(field) must be \(expected)"
        case .emptySequence(let what):
            "the frame sequence \(what) holds no images"
        }
    }
}
