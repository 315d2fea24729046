import Glibc
import SystemSupport

/// The bulk endpoints' loops, each on its own thread: OUT reads what the host sends (a blocking read
/// that waits while the device is unplugged or unconfigured) and hands it to the function; IN writes
/// the replies (a blocking write that completes when the host has read them).
struct BulkPump: Sendable {
    let function: GadgetFunction
    let threads: GadgetThreads
    /// wMaxPacketSize of the bulk IN endpoint at the speed the gadget runs.
    let inPacketSize: Int

    /// Reads bulk OUT until the gadget stops.
    func runOut(fd: Int32, path: String) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var failures = 0
        while !threads.isStopping {
            let result = buffer.withUnsafeMutableBytes { raw in
                retryingOnInterrupt { read(fd, raw.baseAddress, raw.count) }
            }
            switch result {
            case .success(let count):
                failures = 0
                if count > 0 { function.bulkOut(Array(buffer[..<count])) }
            case .failure(let error):
                failures = Self.failed(error, path: path, failures: failures, threads: threads)
            }
        }
    }

    /// Writes replies to bulk IN until the gadget stops.
    func runIn(fd: Int32, path: String) {
        var failures = 0
        while !threads.isStopping {
            guard function.waitForReply(timeout: .milliseconds(200)) else { continue }
            while let bytes = function.takeIn(maximum: 16_384) {
                for piece in Self.pieces(bytes, packetSize: inPacketSize) {
                    let result = piece.withUnsafeBytes { raw in
                        retryingOnInterrupt { write(fd, raw.baseAddress, raw.count) }
                    }
                    if case .failure(let error) = result {
                        failures = Self.failed(error, path: path, failures: failures, threads: threads)
                        break
                    }
                    failures = 0
                }
            }
        }
    }

    /// `bytes` cut so that every write ends in a short packet: a host read longer than the write then
    /// completes at once instead of waiting for more (FunctionFS sends no zero-length packet).
    static func pieces(_ bytes: [UInt8], packetSize: Int) -> [[UInt8]] {
        guard bytes.count > 1, bytes.count % packetSize == 0 else { return [bytes] }
        return [Array(bytes.dropLast()), [bytes[bytes.count - 1]]]
    }

    /// Logs the first of a run of failures (ESHUTDOWN while the host is gone is routine) and backs
    /// off so that an endpoint that fails at once cannot spin; returns the new failure count.
    private static func failed(_ error: SystemCallError, path: String, failures: Int, threads: GadgetThreads) -> Int {
        guard !threads.isStopping else { return failures }
        if failures == 0 && error.code != ESHUTDOWN && error.code != ECONNRESET {
            GadgetLog.line(error.message("bulk transfer on \(path)"))
        }
        usleep(UInt32(min(failures + 1, 50) * 2_000))
        return failures + 1
    }
}
