/// One mmapped driver buffer (or, in tests, any memory standing in for it).
///
/// `@unchecked Sendable` is sound here: the pointer and length never change after creation, and the
/// memory is unmapped only by the capture thread's teardown, which first waits until every buffer lent
/// to a `withNextFrame` closure has been given back, so no thread reads it after unmapping.
struct MappedRegion: @unchecked Sendable {
    let base: UnsafeRawPointer
    let length: Int

    /// The first `count` bytes (clamped to the region).
    func bytes(count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: max(0, min(count, length)))
    }
}
