#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The `errno` a failed system call left, captured right after the call (before anything else can
/// overwrite it).
public struct SystemCallError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The errno value, e.g. `EAGAIN`.
    public let code: Int32

    public init(code: Int32) {
        self.code = code
    }

    /// The C library's text for the code, e.g. "No such file or directory".
    public var description: String { String(cString: strerror(code)) }

    /// "`call`: text (errno N)", the form log lines and error messages use.
    public func message(_ call: String) -> String {
        "\(call): \(description) (errno \(code))"
    }

    /// Whether the call would have blocked on a non-blocking descriptor (EAGAIN or EWOULDBLOCK).
    public var wouldBlock: Bool { code == EAGAIN || code == EWOULDBLOCK }
}
