internal import CUMockdev
import Glibc
import UMockdevCore
import USBDeviceSim

/// Who owns interface 0, as usbfs sees it.
enum InterfaceBinding {
    case none
    /// A kernel driver (e.g. "ch341"): claiming fails with EBUSY until it is disconnected.
    case kernel(String)
    /// Claimed through usbfs by one open file.
    case usbfs(IoctlClientRef)
}

/// The outcome of a URB, written into the client's `usbdevfs_urb` when it is reaped.
struct URBResult {
    var status: Int32
    /// Bytes for an IN URB (after the SETUP packet for control URBs).
    var inData: [UInt8] = []
    var actualLength: Int
}

/// One submitted URB, with the client memory it points to.
struct URBEntry {
    static let typeInterrupt: UInt8 = 1
    static let typeControl: UInt8 = 2
    static let typeBulk: UInt8 = 3

    let client: UInt
    let generation: Int
    let urb: IoctlDataRef
    let buffer: IoctlDataRef?
    let type: UInt8
    let endpoint: UInt8
    let bufferLength: Int
    /// Parked on purpose (`timeoutNext`): never answered, only discarded.
    var neverAnswer = false
    var result: URBResult?

    var isIn: Bool { endpoint & 0x80 != 0 }
    var address: UInt { urb.clientAddress }
}

/// usbfs semantics of one simulated device across plug/unplug; always used under its device's lock.
struct UsbfsDeviceState {
    var function: SimulatedUSBFunction
    /// Bumped on every replug; URBs and ioctls of older generations see a removed device.
    var generation = 0
    var plugged = true
    var deviceNumber: Int
    var binding: InterfaceBinding
    var halted: Set<UInt8> = []
    var stallArmed: Set<UInt8> = []
    var timeoutArmed: Set<UInt8> = []
    var parked: [URBEntry] = []
    var completed: [URBEntry] = []
    var records: [USBControlRequestRecord] = []
    var counters = USBURBCounters()
    var configuration: UInt8 = 1

    init(function: SimulatedUSBFunction, deviceNumber: Int) {
        self.function = function
        self.deviceNumber = deviceNumber
        binding = function.presentation.kernelDriver.map(InterfaceBinding.kernel) ?? .none
    }

    /// Whether ioctls of `generation` reach a present device.
    func isLive(_ generation: Int) -> Bool { plugged && generation == self.generation }

    var endpoints: [USBDescriptors.Endpoint] { function.presentation.interface.endpoints }

    // MARK: - Interface ownership

    mutating func claim(_ interface: UInt32, by client: IoctlClientRef) -> Int32 {
        guard interface == 0 else { return ENOENT }
        switch binding {
        case .kernel: return EBUSY
        case .usbfs(let owner) where owner.pointer != client.pointer && owner.isConnected: return EBUSY
        default:
            binding = .usbfs(client)
            return 0
        }
    }

    func isClaimed(by client: IoctlClientRef) -> Bool {
        if case .usbfs(let owner) = binding { return owner.pointer == client.pointer }
        return false
    }

    mutating func release(_ interface: UInt32, by client: IoctlClientRef) -> Int32 {
        guard interface == 0, case .usbfs(let owner) = binding, owner.pointer == client.pointer else { return EINVAL }
        binding = .none
        return 0
    }

    /// The driver GETDRIVER reports, nil = ENODATA.
    func driverName(of interface: UInt32) -> String? {
        guard interface == 0 else { return nil }
        switch binding {
        case .none: return nil
        case .kernel(let name): return name
        case .usbfs(let owner): return owner.isConnected ? "usbfs" : nil
        }
    }

    /// USBDEVFS_IOCTL(DISCONNECT): unbinds a kernel driver.
    mutating func disconnectKernelDriver(_ interface: UInt32) -> Int32 {
        guard interface == 0, case .kernel = binding else { return ENODATA }
        binding = .none
        return 0
    }

    /// USBDEVFS_IOCTL(CONNECT): rebinds the kernel driver; returns 1 when one was bound.
    mutating func connectKernelDriver(_ interface: UInt32) -> (result: Int, errno: Int32) {
        guard interface == 0 else { return (-1, EINVAL) }
        switch binding {
        case .usbfs(let owner) where owner.isConnected: return (-1, EBUSY)
        case .kernel: return (1, 0)
        default:
            guard let driver = function.presentation.kernelDriver else { return (0, 0) }
            binding = .kernel(driver)
            return (1, 0)
        }
    }

    /// USBDEVFS_DISCONNECT_CLAIM: unbinds whatever driver (unless excepted) and claims.
    mutating func disconnectAndClaim(_ interface: UInt32, by client: IoctlClientRef, except driver: String?) -> Int32 {
        guard interface == 0 else { return ENOENT }
        if case .kernel(let name) = binding, name != driver { binding = .none }
        return claim(interface, by: client)
    }

    // MARK: - URBs

    /// Accepts a URB (returns 0) or refuses it with an errno for the SUBMITURB ioctl.
    mutating func submit(_ entry: URBEntry, outData: [UInt8], by client: IoctlClientRef) -> Int32 {
        var entry = entry
        if entry.type == URBEntry.typeControl {
            counters.submitted += 1
            counters.control += 1
            guard let setup = USBSetupPacket(bytes: outData) else { return EINVAL }
            switch control(setup, outData: Array(outData.dropFirst(8))) {
            case .ack(let bytes):
                let answered = setup.isIn ? Array(bytes.prefix(min(Int(setup.length), entry.bufferLength - 8))) : []
                entry.result = URBResult(
                    status: 0, inData: answered,
                    actualLength: setup.isIn ? answered.count : Int(setup.length))
            case .stall:
                counters.stalled += 1
                entry.result = URBResult(status: -EPIPE, actualLength: 0)
            }
            completed.append(entry)
            return 0
        }
        guard let endpoint = endpoints.first(where: { $0.address == entry.endpoint }) else { return ENOENT }
        let expectedType = endpoint.type == .interrupt ? URBEntry.typeInterrupt : URBEntry.typeBulk
        guard entry.type == expectedType else { return EINVAL }
        // usbfs claims the interface implicitly on first use when nobody else holds it.
        if !isClaimed(by: client) {
            let refused = claim(0, by: client)
            guard refused == 0 else { return refused }
        }
        counters.submitted += 1
        if entry.isIn {
            if endpoint.type == .interrupt { counters.interruptIn += 1 } else { counters.bulkIn += 1 }
        } else {
            counters.bulkOut += 1
        }
        if stallArmed.remove(entry.endpoint) != nil { halted.insert(entry.endpoint) }
        if halted.contains(entry.endpoint) {
            counters.stalled += 1
            entry.result = URBResult(status: -EPIPE, actualLength: 0)
            completed.append(entry)
            return 0
        }
        if entry.isIn {
            entry.neverAnswer = timeoutArmed.remove(entry.endpoint) != nil
            parked.append(entry)
        } else {
            counters.bytesOut += outData.count
            function.bulkOut(outData)
            entry.result = URBResult(status: 0, actualLength: outData.count)
            completed.append(entry)
        }
        answerParkedReads()
        return 0
    }

    /// The endpoint halts: a transfer already pending on it fails with -EPIPE now, as on a real bus;
    /// with none pending, the next one submitted does. Either way the stall is certain, however the
    /// host's reads were scheduled.
    mutating func armStall(_ endpoint: UInt8) {
        guard let index = parked.firstIndex(where: { $0.endpoint == endpoint }) else {
            stallArmed.insert(endpoint)
            return
        }
        var entry = parked.remove(at: index)
        halted.insert(endpoint)
        counters.stalled += 1
        entry.result = URBResult(status: -EPIPE, actualLength: 0)
        completed.append(entry)
    }

    /// Completes parked bulk IN URBs, in submission order, from the reply bytes waiting.
    mutating func answerParkedReads() {
        let bulkIn = function.presentation.bulkInEndpoint
        var index = 0
        while index < parked.count {
            let entry = parked[index]
            guard entry.endpoint == bulkIn, !entry.neverAnswer,
                let bytes = function.takeIn(maximum: entry.bufferLength)
            else {
                index += 1
                continue
            }
            var done = parked.remove(at: index)
            counters.bytesIn += bytes.count
            done.result = URBResult(status: 0, inData: bytes, actualLength: bytes.count)
            completed.append(done)
        }
    }

    /// The next finished URB of `client`, removed from the device.
    mutating func reap(for client: UInt) -> URBEntry? {
        // Reply bytes that crossed a paced UART since the last look may complete parked reads now.
        answerParkedReads()
        guard let index = completed.firstIndex(where: { $0.client == client }) else { return nil }
        counters.reaped += 1
        return completed.remove(at: index)
    }

    /// DISCARDURB: the parked URB completes with -ENOENT; false when it is not pending (EINVAL).
    mutating func discard(address: UInt, for client: UInt) -> Bool {
        guard let index = parked.firstIndex(where: { $0.client == client && $0.address == address }) else {
            return false
        }
        var entry = parked.remove(at: index)
        entry.result = URBResult(status: -ENOENT, actualLength: 0)
        counters.discarded += 1
        completed.append(entry)
        return true
    }

    /// The device goes away: every pending URB completes with -ENODEV.
    mutating func unplug() {
        plugged = false
        for var entry in parked {
            entry.result = URBResult(status: -ENODEV, actualLength: 0)
            completed.append(entry)
        }
        parked = []
        halted = []
    }

    /// A new connection of the same device: power-on state, new device number.
    mutating func replug(deviceNumber: Int) {
        function = SimulatedUSBFunction(presentation: function.presentation, module: function.module)
        function.module.resetConnection()
        generation += 1
        plugged = true
        self.deviceNumber = deviceNumber
        binding = function.presentation.kernelDriver.map(InterfaceBinding.kernel) ?? .none
        halted = []
        configuration = 1
    }

    /// CLEAR_HALT.
    mutating func clearHalt(_ endpoint: UInt8) -> Int32 {
        guard endpoints.contains(where: { $0.address == endpoint }) else { return ENOENT }
        halted.remove(endpoint)
        return 0
    }

    // MARK: - Control requests

    /// Answers a control request (standard ones here, vendor ones by the function) and records it.
    mutating func control(_ setup: USBSetupPacket, outData: [UInt8]) -> ControlReply {
        let reply = setup.isStandard ? standardRequest(setup) : function.vendorControl(setup, outData: outData)
        var answered: [UInt8] = []
        if case .ack(let bytes) = reply, setup.isIn { answered = Array(bytes.prefix(Int(setup.length))) }
        records.append(
            USBControlRequestRecord(
                setup: setup, outData: setup.isIn ? [] : outData,
                inData: answered, stalled: reply == .stall))
        return reply
    }

    private mutating func standardRequest(_ setup: USBSetupPacket) -> ControlReply {
        let presentation = function.presentation
        switch (setup.request, setup.isIn) {
        case (0x06, true):  // GET_DESCRIPTOR
            switch UInt8(setup.value >> 8) {
            case USBDescriptors.Kind.device.rawValue: return .ack(presentation.deviceDescriptor)
            case USBDescriptors.Kind.configuration.rawValue where setup.value & 0xFF == 0:
                return .ack(presentation.configurationDescriptor)
            case USBDescriptors.Kind.string.rawValue:
                return presentation.stringDescriptor(UInt8(setup.value & 0xFF)).map { .ack($0) } ?? .stall
            default: return .stall
            }
        case (0x08, true):  // GET_CONFIGURATION
            return .ack([configuration])
        case (0x09, false):  // SET_CONFIGURATION
            guard setup.value <= 1 else { return .stall }
            configuration = UInt8(setup.value)
            return .ack()
        case (0x00, true):  // GET_STATUS
            if setup.requestType & 0x1F == 0x02 {
                return .ack([halted.contains(UInt8(setup.index & 0xFF)) ? 1 : 0, 0])
            }
            return .ack([0, 0])
        case (0x01, false):  // CLEAR_FEATURE (ENDPOINT_HALT)
            if setup.requestType & 0x1F == 0x02 { halted.remove(UInt8(setup.index & 0xFF)) }
            return .ack()
        case (0x03, false), (0x0B, false):  // SET_FEATURE, SET_INTERFACE
            return .ack()
        default:
            return .stall
        }
    }
}

extension GObjectRef where Object == UMockdevIoctlClient {
    /// Whether the client still has the device node open.
    var isConnected: Bool { umockdev_ioctl_client_get_connected(pointer) != 0 }
}
