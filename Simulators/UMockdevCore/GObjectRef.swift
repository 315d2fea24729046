internal import CUMockdev

/// One strong reference to a GObject (testbed, ioctl handler, UMockdevIoctlData, UMockdevIoctlClient),
/// dropped on deinit.
///
/// Sendable because: GObject reference counting is atomic; the wrapped pointer never changes; and
/// the object's contents are only touched (a) under the lock of the `Mutex` that stores the reference
/// (testbed, handlers, parked URBs), or (b) by umockdev's single worker thread for a request it has
/// just resolved or removed from the device state, which no other thread can reach any more.
package final class GObjectRef<Object>: @unchecked Sendable {
    package let pointer: UnsafeMutablePointer<Object>

    /// Takes over a reference the caller owns (a "transfer full" return value).
    package init(adopting pointer: UnsafeMutablePointer<Object>) {
        self.pointer = pointer
    }

    /// Adds a reference of our own (a "transfer none" value).
    package init(retaining pointer: UnsafeMutablePointer<Object>) {
        cumockdev_object_ref(pointer)
        self.pointer = pointer
    }

    deinit {
        cumockdev_object_unref(pointer)
    }
}
