import FingerprintLinks
import FingerprintModule
import Foundation
import Glibc
import Synchronization
import SystemSupport

/// Serves a `SimulatedZFMModule` on the master side of a pseudo-terminal, so a driver opens
/// `slavePath` with `TTYLink` as it would a USB-UART adapter. The module listens at `baud` 8N1: on each
/// chunk the server reads the slave's termios line settings (speeds, data bits, parity, stop bits; on
/// Linux the master's tcgetattr reports the slave's) and passes the bytes through `UARTWire`, so a host
/// at the wrong speed or format gets garbage both ways. With the module's `wirePacing` on, the bytes
/// also take the line's time (`WirePacer`): a request is handed to the module once its frames have
/// arrived at the host's settings, and the reply reaches the host no faster than the module's UART
/// sends it; off, they cross at memory speed. All I/O and every pacing sleep run on one dedicated
/// thread that polls with a short timeout, so `shutdown` is prompt.
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
    /// Host → module and module → host: each direction of the line is paced on its own.
    private let pacers: Mutex<(toModule: WirePacer, toHost: WirePacer)>
    private let paced = Mutex(0)
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
        pacers = Mutex((WirePacer(module.wirePacing), WirePacer(module.wirePacing)))
        (master, slavePath) = try PseudoTerminal.openPair()
    }

    /// Bytes the line has held back to their wire time, both directions (0 with pacing off: everything
    /// crossed at memory speed).
    public var pacedBytes: Int { paced.withLock { $0 } }

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
            let host = hostLineCoding()
            let moduleCoding = UARTLineCoding.eightNoneOne(baud)
            let sent = pacers.withLock { $0.toModule.schedule(count, as: host.sends) }
            if let clock = module.wirePacing.clock, !sleep(clock, until: sent.end) { break }
            let request = UARTWire.transmit(Array(chunk[0..<count]), sender: host.sends, receiver: moduleCoding)
            let reply = module.receive(request)
            guard !reply.isEmpty else { continue }
            let answer = pacers.withLock { $0.toHost.schedule(reply.count, as: moduleCoding) }
            paced.withLock { $0 += (sent.isImmediate ? 0 : count) + (answer.isImmediate ? 0 : reply.count) }
            let received = UARTWire.transmit(reply, sender: moduleCoding, receiver: host.reads)
            let toHost = pacers.withLock { $0.toHost }
            toHost.deliver(received, over: answer, shouldStop: { stopping }) { writeAll($0) }
        }
        closeMaster()
    }

    /// Sleeps on the serving thread until `deadline`, waking to check for a stop; false when stopping.
    private func sleep(_ clock: any WireClock, until deadline: Duration) -> Bool {
        let step = Duration.milliseconds(Int64(Self.pollMilliseconds))
        while clock.now < deadline {
            if stopping { return false }
            clock.sleep(until: min(deadline, clock.now + step))
        }
        return !stopping
    }

    /// The slave's line settings: what the host sends with and reads with (speed 0 when unknown or B0:
    /// nothing gets through).
    private func hostLineCoding() -> (sends: UARTLineCoding, reads: UARTLineCoding) {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return (.eightNoneOne(0), .eightNoneOne(0)) }
        let output = TTYBaudRate.bitsPerSecond(of: cfgetospeed(&settings)) ?? 0
        let inputSpeed = cfgetispeed(&settings)
        // An input speed of B0 means "same as the output speed".
        let input = inputSpeed == speed_t(B0) ? output : TTYBaudRate.bitsPerSecond(of: inputSpeed) ?? 0
        return (
            UARTLineCoding(baudRate: output, termiosFlags: settings.c_cflag),
            UARTLineCoding(baudRate: input, termiosFlags: settings.c_cflag)
        )
    }

    /// Writes every byte unless stopping; false when the master could not take them.
    @discardableResult
    private func writeAll(_ bytes: ArraySlice<UInt8>) -> Bool {
        let bytes = Array(bytes)
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
                return false
            }
        }
        return offset == bytes.count
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
