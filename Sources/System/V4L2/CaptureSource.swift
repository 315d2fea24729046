/// What the capture thread needs from a streaming device: a descriptor to poll, buffers to dequeue and
/// requeue, and a teardown. The kernel-backed `MMapCaptureSource` implements it; tests use stand-ins.
/// Only the capture thread calls these methods.
protocol CaptureSource: Sendable {
    /// The descriptor to `poll()` for POLLIN; nil once torn down.
    var pollDescriptor: CInt? { get }
    /// The buffers' memory, indexed by buffer index.
    var regions: [MappedRegion] { get }
    /// The next filled buffer, or nil when none is ready yet.
    func dequeue() throws(V4L2Error) -> V4L2DequeuedBuffer?
    /// Hands buffer `index` back to the driver.
    func requeue(_ index: Int) throws(V4L2Error)
    /// Stops streaming, releases the buffers and (when owned) closes the device. Called exactly once.
    func teardown()
}
