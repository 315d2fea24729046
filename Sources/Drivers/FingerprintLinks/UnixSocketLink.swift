import FingerprintModule
import Foundation
import Glibc
import SystemSupport

/// A `ByteLink` over a connected Unix-domain stream socket (e.g. to `ZFMSocketServer`).
/// Blocking reads run on a dedicated thread that feeds a `ByteInbox`; writes run on a serial queue.
public final class UnixSocketLink: ByteLink {
    /// The socket path this link connected to.
    public let path: String
    private let core: DescriptorLinkCore

    private init(path: String, fd: Int32, clock: any Clock<Duration>) {
        self.path = path
        self.core = DescriptorLinkCore(fd: fd, clock: clock, label: "UnixSocketLink.write")
    }

    /// Connects to the stream socket at `path`; `clock` times read timeouts.
    public static func connect(
        path: String, clock: any Clock<Duration> = ContinuousClock()
    ) async throws(ByteLinkError) -> UnixSocketLink {
        let result: Result<Int32, ByteLinkError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    returning: Result { () throws(ByteLinkError) -> Int32 in
                        try openConnection(path: path)
                    })
            }
            thread.name = "UnixSocketLink.connect"
            thread.start()
        }
        let link = UnixSocketLink(path: path, fd: try result.get(), clock: clock)
        link.startReader()
        return link
    }

    private static func openConnection(path: String) throws(ByteLinkError) -> Int32 {
        let fd = try UnixDomainSocket.makeStreamSocket()
        let status = try UnixDomainSocket.withAddress(path) { address, length in
            Glibc.connect(fd, address, length)
        }
        guard status == 0 else {
            let message = UnixDomainSocket.lastError("connect \(path)")
            Glibc.close(fd)
            throw .io(message)
        }
        return fd
    }

    private func startReader() {
        let thread = Thread { [core] in
            let (fd, inbox) = (core.fd, core.inbox)
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            reading: while true {
                let outcome = retryingOnInterrupt {
                    chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                }
                switch outcome {
                case .success(let count) where count > 0:
                    inbox.append(Array(chunk[0..<count]))
                case .success:
                    inbox.close(.closed)
                    break reading
                case .failure(let error):
                    inbox.close(.io(error.message("read")))
                    break reading
                }
            }
            core.readerEnded()
        }
        thread.name = "UnixSocketLink.read"
        thread.start()
    }

    /// Sends all bytes on the write queue.
    public func write(_ bytes: [UInt8]) async throws {
        let fd = core.fd
        try await core.write { () throws(ByteLinkError) in try UnixDomainSocket.writeAll(fd, bytes) }
    }

    /// Bytes the reader thread has received, waiting up to `timeout`.
    public func read(timeout: Duration) async throws -> [UInt8] {
        try await core.inbox.read(timeout: timeout)
    }

    /// Shuts the socket down; the reader thread then ends and closes the descriptor.
    public func close() async {
        core.requestClose { _ = shutdown(core.fd, Int32(SHUT_RDWR)) }
    }

    deinit {
        core.closeDescriptor()
    }
}
