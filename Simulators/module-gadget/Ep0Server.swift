import Glibc
import SystemSupport
import USBDeviceSim

/// Serves a FunctionFS `ep0` on its own thread: reads the events (a blocking read) and answers each
/// SETUP through the simulated function. Reading the data stage acknowledges an OUT request, writing
/// the data answers an IN one; a stall is the opposite call with no data (the kernel fails it with
/// EL2HLT, as documented). An OUT request with data is judged before its data stage, on a copy of
/// the device. Malformed or unknown events are logged and skipped.
struct Ep0Server: Sendable {
    let fd: Int32
    let path: String
    let function: GadgetFunction
    let threads: GadgetThreads
    let verbose: Bool

    /// The loop: returns when the gadget stops.
    func run() {
        var buffer = [UInt8](repeating: 0, count: FunctionFSEvent.size * 4)
        var failures = 0
        while !threads.isStopping {
            let result = buffer.withUnsafeMutableBytes { raw in
                retryingOnInterrupt { read(fd, raw.baseAddress, raw.count) }
            }
            switch result {
            case .success(let count):
                failures = 0
                for event in FunctionFSEvent.decode(buffer[..<count]) { handle(event) }
            case .failure(let error):
                guard !threads.isStopping else { return }
                failures += 1
                if failures == 1 { GadgetLog.line(error.message("reading events from \(path)")) }
                if error.code == EBADF { return }
                usleep(UInt32(min(failures, 50) * 10_000))
            }
        }
    }

    private func handle(_ event: FunctionFSEvent) {
        switch event {
        case .setup(let setup):
            answer(setup)
        case .enable, .disable, .bind, .unbind:
            GadgetLog.line("ep0: \(event)")
        case .suspend, .resume, .unknown:
            if verbose { GadgetLog.line("ep0: \(event)") }
        }
    }

    private func answer(_ setup: USBSetupPacket) {
        if setup.isIn {
            let reply = function.control(setup, outData: [])
            if verbose { GadgetLog.line("ep0: \(setup) -> \(reply)") }
            switch reply {
            case .ack(let bytes): transfer(write: Array(bytes.prefix(Int(setup.length))), setup)
            case .stall: stall(setup, byReading: true)
            }
        } else if setup.length == 0 {
            let reply = function.control(setup, outData: [])
            if verbose { GadgetLog.line("ep0: \(setup) -> \(reply)") }
            switch reply {
            case .ack: transfer(read: 0, setup)
            case .stall: stall(setup, byReading: false)
            }
        } else if function.wouldStall(setup, dataLength: Int(setup.length)) {
            _ = function.control(setup, outData: [])
            if verbose { GadgetLog.line("ep0: \(setup) -> stall (before its data stage)") }
            stall(setup, byReading: false)
        } else {
            // Reading the data stage acknowledges the request: one the chip knows but refuses for its
            // data (a zero baud rate, say) is acknowledged all the same.
            guard let data = transfer(read: Int(setup.length), setup) else { return }
            let reply = function.control(setup, outData: data)
            if verbose { GadgetLog.line("ep0: \(setup) out=\(data.hexString) -> \(reply) (acknowledged)") }
        }
    }

    private func transfer(write bytes: [UInt8], _ setup: USBSetupPacket) {
        let result = bytes.withUnsafeBytes { raw in retryingOnInterrupt { write(fd, raw.baseAddress, raw.count) } }
        if case .failure(let error) = result { GadgetLog.line(error.message("answering \(setup) on \(path)")) }
    }

    @discardableResult
    private func transfer(read count: Int, _ setup: USBSetupPacket) -> [UInt8]? {
        var data = [UInt8](repeating: 0, count: max(count, 1))
        let result = data.withUnsafeMutableBytes { raw in retryingOnInterrupt { read(fd, raw.baseAddress, count) } }
        switch result {
        case .success(let got): return Array(data.prefix(got))
        case .failure(let error):
            GadgetLog.line(error.message("reading the data stage of \(setup) on \(path)"))
            return nil
        }
    }

    /// Halts ep0 for this request: a read for an IN request, a write for an OUT one.
    private func stall(_ setup: USBSetupPacket, byReading: Bool) {
        var none: UInt8 = 0
        let result = retryingOnInterrupt { byReading ? read(fd, &none, 0) : write(fd, &none, 0) }
        if case .failure(let error) = result, error.code != EL2HLT {
            GadgetLog.line(error.message("stalling \(setup) on \(path)"))
        }
    }
}
