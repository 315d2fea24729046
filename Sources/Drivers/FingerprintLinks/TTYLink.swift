import FingerprintModule
import Foundation
import Glibc
import SystemSupport

/// A `ByteLink` over a serial device (`/dev/ttyUSB0`, `/dev/ttyS1`, a pty slave) in raw 8N1 mode
/// without flow control. A dedicated thread polls the device and a wake pipe and feeds a `ByteInbox`;
/// writes run on a serial queue. Modules behind a UART upload images at 4 bits per pixel, so pair
/// this link with `ZFMModule.Configuration(imageEncoding: .fourBitsPerPixel)`. Call `close()`: the
/// reader thread keeps the link (and the device) open until then or until the device hangs up.
public final class TTYLink: ByteLink {
    /// The device path this link opened.
    public let path: String
    /// The line speed.
    public let baud: TTYBaudRate
    private let core: DescriptorLinkCore
    private let wake: WakePipe
    private var fd: Int32 { core.fd }
    private var inbox: ByteInbox { core.inbox }
    private static let chunkSize = 4096

    private init(path: String, baud: TTYBaudRate, fd: Int32, wake: WakePipe, clock: any Clock<Duration>) {
        self.path = path
        self.baud = baud
        self.wake = wake
        self.core = DescriptorLinkCore(fd: fd, clock: clock, label: "TTYLink.write") { wake.closeDescriptors() }
    }

    /// Opens `path` exclusively at `baud` bits/s (9600, 19200, 38400, 57600 or 115200), raw 8N1,
    /// no flow control, with both directions flushed; `clock` times read timeouts.
    public static func open(
        path: String, baud: Int = TTYBaudRate.moduleDefault.bitsPerSecond,
        clock: any Clock<Duration> = ContinuousClock()
    ) async throws(ByteLinkError) -> TTYLink {
        guard let rate = TTYBaudRate(rawValue: baud) else { throw .io("\(path): \(TTYBaudRate.unsupported(baud))") }
        let opened: Result<(Int32, WakePipe), ByteLinkError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    returning: Result { () throws(ByteLinkError) -> (Int32, WakePipe) in
                        let wake: WakePipe
                        do throws(SystemCallError) {
                            wake = try WakePipe()
                        } catch {
                            throw .io(error.message("pipe"))
                        }
                        do throws(ByteLinkError) {
                            return (try TTYDevice.openRaw(path: path, baud: rate), wake)
                        } catch {
                            wake.closeDescriptors()
                            throw error
                        }
                    })
            }
            thread.name = "TTYLink.open"
            thread.start()
        }
        let (fd, wake) = try opened.get()
        let link = TTYLink(path: path, baud: rate, fd: fd, wake: wake, clock: clock)
        link.startReader()
        return link
    }

    private func startReader() {
        let thread = Thread { [self] in
            readLoop()
            core.readerEnded()
        }
        thread.name = "TTYLink.read"
        thread.start()
    }

    private func readLoop() {
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        while true {
            let (ready, woken) = TTYDevice.wait(fd, for: Int16(POLLIN), wake: wake)
            if woken { return }
            if ready & Int16(POLLIN) == 0, ready & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                inbox.close(.io("read \(path): the device hung up"))
                return
            }
            draining: while true {
                let outcome = retryingOnInterrupt {
                    chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                }
                switch outcome {
                case .success(let count) where count > 0:
                    inbox.append(Array(chunk[0..<count]))
                case .success:
                    inbox.close(.io("read \(path): the device hung up"))
                    return
                case .failure(let error) where error.wouldBlock:
                    break draining
                case .failure(let error):
                    // A USB serial adapter unplugged, or a pty whose master closed, reads EIO.
                    let reason = error.code == EIO ? "read \(path): the device hung up" : error.message("read \(path)")
                    inbox.close(.io(reason))
                    return
                }
            }
        }
    }

    /// Sends all bytes on the write queue; fails with `.closed` once `close` was called.
    public func write(_ bytes: [UInt8]) async throws {
        try await core.write { [self] () throws(ByteLinkError) in try writeAll(bytes) }
    }

    private func writeAll(_ bytes: [UInt8]) throws(ByteLinkError) {
        var offset = 0
        while offset < bytes.count {
            let written = retryingOnInterrupt {
                bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset) }
            }
            switch written {
            case .success(let count):
                offset += count
            case .failure(let error) where error.wouldBlock:
                let (ready, woken) = TTYDevice.wait(fd, for: Int16(POLLOUT), wake: wake)
                if woken { throw .closed }
                if ready & Int16(POLLOUT) == 0, ready & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                    throw .io("write \(path): the device hung up")
                }
            case .failure(let error):
                throw .io(error.message("write \(path)"))
            }
        }
    }

    /// Bytes the reader thread has received, waiting up to `timeout`.
    public func read(timeout: Duration) async throws -> [UInt8] {
        try await inbox.read(timeout: timeout)
    }

    /// Wakes the reader thread (which then closes the device) and fails pending and later reads.
    public func close() async {
        core.requestClose { wake.signal() }
    }

    deinit {
        core.closeDescriptor()
    }
}
