import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The service manager's end of sd_notify, for tests: a datagram socket at `path` (what `$NOTIFY_SOCKET`
/// names) whose messages a thread of its own collects, one string per datagram.
public final class NotifySocketListener: Sendable {
    public let path: String
    private let descriptor: Int32
    private let received = Mutex<[(at: ContinuousClock.Instant, text: String)]>([])
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    public init(path: String) throws {
        self.path = path
        unlink(path)
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SpawnedProcessError("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw SpawnedProcessError("notify socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw SpawnedProcessError("bind \(path): errno \(code)")
        }
        let thread = Thread { [self] in collect() }
        thread.start()
    }

    /// Every message so far, in arrival order.
    public var messages: [String] { received.withLock { $0.map(\.text) } }

    /// When each message arrived.
    public var arrivals: [(at: ContinuousClock.Instant, text: String)] { received.withLock { $0 } }

    /// How many messages so far hold the line `line` (e.g. "WATCHDOG=1").
    public func count(_ line: String) -> Int {
        messages.filter { $0.split(separator: "\n").contains(Substring(line)) }.count
    }

    /// Stops collecting and removes the socket.
    public func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        finished.wait()
        close(descriptor)
        unlink(path)
    }

    deinit { stop() }

    private func collect() {
        defer { finished.signal() }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopping.load(ordering: .acquiring) {
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 50) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { continue }
            let text = String(decoding: buffer[0..<count], as: UTF8.self)
            received.withLock { $0.append((.now, text)) }
        }
    }
}
