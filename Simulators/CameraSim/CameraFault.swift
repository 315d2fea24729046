/// A misbehaviour to inject into a simulated camera.
public enum CameraFault: Sendable, Equatable {
    /// The next DQBUF fails with EIO (the buffer stays with the driver).
    case ioErrorOnNextDequeue
    /// The next DQBUF fails with ENODEV, as when the camera drops off the bus for a moment (the node
    /// stays: the next open works again).
    case noDeviceOnNextDequeue
    /// The next `count` frames are lost: their sequence numbers are skipped and counted as dropped.
    case dropFrames(Int)
    /// The next MJPEG frame is truncated to half its length and garbled.
    case corruptNextJPEG
    /// S_FMT fails with this errno (EINVAL or EBUSY) until `clearFaults()`.
    case refuseFormat(errno: Int32)
    /// Setting auto exposure to any automatic mode fails with this errno (EINVAL, EIO) until
    /// `clearFaults()`; manual mode still works, as on cameras whose firmware lacks auto exposure.
    case refuseAutoExposure(errno: Int32)
}
