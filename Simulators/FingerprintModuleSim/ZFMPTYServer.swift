import FingerprintLinks
import FingerprintModule
import Foundation
import Glibc
import Synchronization
import SystemSupport

/// Serves a `SimulatedZFMModule` on the master side of a pseudo-terminal, so a driver opens
/// `slavePath` with `TTYLink` as it would a USB-UART adapter. The module listens at `baud`: on each
/// chunk the server reads the slave's termios speeds (on Linux the master's tcgetattr reports the
/// slave's settings) and passes the bytes through `UARTWire`, so a host at the wrong speed gets
/// garbage both ways. Bytes cross instantly; the line's transmission time is not simulated.
/// All I/O runs on one dedicated thread that polls with a short timeout, so `shutdown` is prompt.
public final class ZFMPTYServer: Sendable {
    /// The module served.
    public let module: SimulatedZFMModule
    /// Bits per second the simulated module's UART runs at.
    public let baud: Int
    /// The pty slave the host opens, e.g. `/dev/pts/3`.
    public let slavePath: String
    private let master: Int32
    private let thread = ServingThread(name: "ZFMPTYServer")
    private let masterClosed = Mutex(false)
    private static let pollMilliseconds: Int32 = 50

    /// Opens a pseudo-terminal pair; the module's UART runs at `baud` (default: the module's
    /// configured speed, 57600 from the factory). Call `start` to serve.
    public init(module: SimulatedZFMModule, baud: Int? = nil) throws(ByteLinkError) {
        let speed = baud ?? module.systemParameters.baudRate
        guard speed % 9600 == 0, (1...12).contains(speed / 9600) else {
            throw .io("baud: expected 9600 × 1-12 bits/s (a ZFM module's speeds), got \(speed)")
        }
        self.module = module
        self.baud = speed
        (master, slavePath) = try PseudoTerminal.openPair()
    }

    /// Starts the serving thread (once).
    public func start() {
        thread.start { [self] in serveLoop() }
    }

    /// Stops serving, closes the master (the host then sees a hang-up) and waits for the thread.
    public func shutdown() async {
        if !(await thread.stop()) { closeMaster() }
    }

    private var stopping: Bool { thread.isStopping }

    private func serveLoop() {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var hostAttached = false
        while !stopping {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Self.pollMilliseconds) > 0 else { continue }
            if descriptor.revents & Int16(POLLIN) == 0 {
                // POLLHUP: no process has the slave open. Forget a half-received request and wait.
                if hostAttached {
                    hostAttached = false
                    module.resetConnection()
                }
                usleep(UInt32(Self.pollMilliseconds) * 1000)
                continue
            }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            hostAttached = true
            let (hostSends, hostReads) = hostSpeeds()
            let request = UARTWire.transmit(
                Array(chunk[0..<count]), sender: .eightNoneOne(hostSends), receiver: .eightNoneOne(baud))
            let reply = module.receive(request)
            guard !reply.isEmpty else { continue }
            writeAll(UARTWire.transmit(reply, sender: .eightNoneOne(baud), receiver: .eightNoneOne(hostReads)))
        }
        closeMaster()
    }

    /// The slave's output and input speeds in bits/s (0 when unknown or B0: nothing gets through).
    private func hostSpeeds() -> (sends: Int, reads: Int) {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return (0, 0) }
        let output = TTYBaudRate.bitsPerSecond(of: cfgetospeed(&settings)) ?? 0
        let inputSpeed = cfgetispeed(&settings)
        // An input speed of B0 means "same as the output speed".
        let input = inputSpeed == speed_t(B0) ? output : TTYBaudRate.bitsPerSecond(of: inputSpeed) ?? 0
        return (output, input)
    }

    private func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count, !stopping {
            let written = retryingOnInterrupt {
                bytes.withUnsafeBytes { raw in Glibc.write(master, raw.baseAddress! + offset, raw.count - offset) }
            }
            switch written {
            case .success(let count) where count > 0:
                offset += count
            case .failure(let error) where error.wouldBlock:
                var descriptor = pollfd(fd: master, events: Int16(POLLOUT), revents: 0)
                _ = poll(&descriptor, 1, Self.pollMilliseconds)
            default:
                return
            }
        }
    }

    deinit {
        closeMaster()
    }

    private func closeMaster() {
        let first = masterClosed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        Glibc.close(master)
    }
}
