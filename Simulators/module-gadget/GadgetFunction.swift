import Dispatch
import FingerprintModuleSim
import Measuring
import Synchronization
import USBDeviceSim

/// The simulated device behind the gadget, shared by the ep0 thread (control requests), the bulk
/// threads (bytes) and the plug control (power-on state).
final class GadgetFunction: Sendable {
    /// What the gadget counted since it started.
    struct Counters: Sendable, CustomStringConvertible {
        var setups = 0
        var stalls = 0
        var bytesOut = 0
        var bytesIn = 0
        var description: String {
            "\(setups) control requests (\(stalls) stalled), \(bytesOut) bytes out, \(bytesIn) bytes in"
        }
    }

    private struct State {
        var function: SimulatedUSBFunction
        var counters = Counters()
    }

    let presentation: USBPresentation
    let module: SimulatedZFMModule
    private let state: Mutex<State>
    private let replyWaiting = DispatchSemaphore(value: 0)

    init(presentation: USBPresentation, module: SimulatedZFMModule) {
        self.presentation = presentation
        self.module = module
        state = Mutex(State(function: SimulatedUSBFunction(presentation: presentation, module: module)))
    }

    /// Answers a control request the kernel passed on: vendor and class requests go to the bridge
    /// chip (a native module stalls them); standard requests are the kernel's, so any that arrive stall.
    func control(_ setup: USBSetupPacket, outData: [UInt8]) -> ControlReply {
        state.withLock { state in
            state.counters.setups += 1
            let reply = setup.isStandardRequest ? .stall : state.function.vendorControl(setup, outData: outData)
            if reply == .stall { state.counters.stalls += 1 }
            return reply
        }
    }

    /// Whether `setup` would stall whatever its data, judged before the data stage is read (reading it
    /// acknowledges the request, too late to stall): copies of the device are given `length` bytes of
    /// 0x00 and of 0xFF, and only a request both refuse stalls (an unknown one, or a wrong length).
    func wouldStall(_ setup: USBSetupPacket, dataLength length: Int) -> Bool {
        guard !setup.isStandardRequest else { return true }
        let device = state.withLock { $0.function }
        return [0x00, 0xFF].allSatisfy { (fill: UInt8) in
            var copy = device
            return copy.vendorControl(setup, outData: [UInt8](repeating: fill, count: length)) == .stall
        }
    }

    /// Bytes the host sent on bulk OUT.
    func bulkOut(_ bytes: [UInt8]) {
        let replied = state.withLock { state in
            state.counters.bytesOut += bytes.count
            state.function.bulkOut(bytes)
            return state.function.pendingIn.count > 0
        }
        if replied { replyWaiting.signal() }
    }

    /// Up to `maximum` reply bytes for bulk IN, nil when none wait.
    func takeIn(maximum: Int) -> [UInt8]? {
        state.withLock { state in
            let bytes = state.function.takeIn(maximum: maximum)
            state.counters.bytesIn += bytes?.count ?? 0
            return bytes
        }
    }

    /// Waits until a reply may be waiting, at most `timeout`; false on timeout.
    func waitForReply(timeout: Duration) -> Bool {
        replyWaiting.wait(timeout: .now() + timeout.seconds) == .success
    }

    /// Power-on state after a replug: a bridge forgets its line coding, the module a half packet,
    /// and unsent reply bytes are gone.
    func powerCycle() {
        state.withLock { state in
            state.function = SimulatedUSBFunction(presentation: presentation, module: module)
        }
        module.resetConnection()
    }

    /// The bridge's line coding (nil for a native module).
    var lineCoding: UARTLineCoding? { state.withLock { $0.function.lineCoding } }

    var counters: Counters { state.withLock { $0.counters } }
}
