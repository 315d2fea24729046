#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs a system call that signals failure by returning -1, again and again while it fails with EINTR.
///
/// `errno` is read immediately after the call, so no other code can overwrite it first. Returns the call's
/// value when it did not fail, otherwise the error code. Use it for every `read`, `write`, `open`, `poll`,
/// `ioctl` and the like that can be interrupted by a signal:
///
///     let count = retryingOnInterrupt { read(fd, buffer, size) }
@inlinable
public func retryingOnInterrupt<Value: FixedWidthInteger>(
    _ call: () -> Value
) -> Result<Value, SystemCallError> {
    while true {
        let value = call()
        if value != -1 { return .success(value) }
        let code = errno
        if code != EINTR { return .failure(SystemCallError(code: code)) }
    }
}
