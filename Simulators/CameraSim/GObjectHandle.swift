internal import CUMockdev

/// One strong reference to a GObject (testbed, ioctl handler, resolved ioctl data), dropped on deinit.
///
/// Sendable because GObject reference counting is atomic, the pointer never changes, and the
/// object's contents are only touched under the `Mutex` that owns the handle (testbed, handler) or
/// by umockdev's single ioctl worker thread while it answers the one request the data belongs to.
final class GObjectHandle<Object>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Object>

    /// Takes over a reference the caller owns ("transfer full").
    init(adopting pointer: UnsafeMutablePointer<Object>) {
        self.pointer = pointer
    }

    deinit { cumockdev_object_unref(pointer) }
}
