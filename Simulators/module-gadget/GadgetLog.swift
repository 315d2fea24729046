import Glibc

/// The gadget's log lines on stderr, one write each (unbuffered, so a test reading the pipe sees
/// every line at once, and lines from different threads never interleave).
enum GadgetLog {
    static func line(_ message: String) {
        let bytes = Array("module-gadget: \(message)\n".utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
