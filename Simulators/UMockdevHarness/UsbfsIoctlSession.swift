internal import CUMockdev
import Glibc
import UMockdevCore
import USBDeviceSim

/// Answers the usbdevfs ioctls of one plug-in of a device node; called on umockdev's worker thread
/// through the `handle-ioctl` signal. Ioctls of a session whose device was unplugged fail with ENODEV.
final class UsbfsIoctlSession: Sendable {
    /// USBDEVFS_CAP_ZERO_PACKET | BULK_CONTINUATION | NO_PACKET_SIZE_LIM | REAP_AFTER_DISCONNECT.
    static let capabilities: UInt32 = 0x01 | 0x02 | 0x04 | 0x10

    let device: SimulatedUSBDevice
    let generation: Int

    init(device: SimulatedUSBDevice, generation: Int) {
        self.device = device
        self.generation = generation
    }

    /// The C callback connected to "handle-ioctl"; `userData` is an unretained session.
    static let signalCallback: cumockdev_handle_ioctl_fn = { _, client, userData in
        guard let client, let userData else { return 0 }
        let session = Unmanaged<UsbfsIoctlSession>.fromOpaque(userData).takeUnretainedValue()
        let (result, error) = session.handle(client)
        umockdev_ioctl_client_complete(client, glong(result), gint(error))
        return 1
    }

    private typealias Outcome = (result: Int, errno: Int32)

    private func handle(_ client: UnsafeMutablePointer<UMockdevIoctlClient>) -> Outcome {
        let request = umockdev_ioctl_client_get_request(client)
        guard let arg = umockdev_ioctl_client_get_arg(client) else { return (-1, EFAULT) }
        let clientID = UInt(bitPattern: client)
        switch request {
        case CUMOCKDEV_USBDEVFS_REAPURB, CUMOCKDEV_USBDEVFS_REAPURBNDELAY:
            return reap(arg, clientID: clientID)
        case CUMOCKDEV_USBDEVFS_DISCARDURB:
            let address = UInt(cumockdev_arg_value(arg))
            let found = device.state.withLock { $0.discard(address: address, for: clientID) }
            if found { return (0, 0) }
            return (-1, isLive ? EINVAL : ENODEV)
        default:
            guard isLive else { return (-1, ENODEV) }
            return dispatch(request, arg, client: IoctlClientRef(retaining: client))
        }
    }

    private var isLive: Bool { device.state.withLock { $0.isLive(generation) } }

    private func dispatch(
        _ request: UInt, _ arg: UnsafeMutablePointer<UMockdevIoctlData>,
        client: IoctlClientRef
    ) -> Outcome {
        switch request {
        case CUMOCKDEV_USBDEVFS_SUBMITURB:
            return submit(arg, client: client)
        case CUMOCKDEV_USBDEVFS_CONTROL:
            return control(arg)
        case CUMOCKDEV_USBDEVFS_GET_CAPABILITIES:
            guard let caps = IoctlDataRef.resolve(arg, offset: 0, length: 4) else { return (-1, EFAULT) }
            caps.store(Self.capabilities, at: 0)
            return (0, 0)
        case CUMOCKDEV_USBDEVFS_CLAIMINTERFACE:
            return withUInt32(arg) { interface in device.state.withLock { $0.claim(interface, by: client) } }
        case CUMOCKDEV_USBDEVFS_RELEASEINTERFACE:
            return withUInt32(arg) { interface in device.state.withLock { $0.release(interface, by: client) } }
        case CUMOCKDEV_USBDEVFS_CLEAR_HALT:
            return withUInt32(arg) { endpoint in
                device.state.withLock { $0.clearHalt(UInt8(truncatingIfNeeded: endpoint)) }
            }
        case CUMOCKDEV_USBDEVFS_SETCONFIGURATION:
            return withUInt32(arg) { configuration in
                device.state.withLock { state in
                    if case .kernel = state.binding { return EBUSY }
                    guard Int32(bitPattern: configuration) <= 1 else { return EINVAL }
                    state.configuration = UInt8(truncatingIfNeeded: max(0, Int32(bitPattern: configuration)))
                    return 0
                }
            }
        case CUMOCKDEV_USBDEVFS_SETINTERFACE:
            guard let setting = IoctlDataRef.resolve(arg, offset: 0, length: 8) else { return (-1, EFAULT) }
            let valid = setting.load(UInt32.self, at: 0) == 0 && setting.load(UInt32.self, at: 4) == 0
            return valid ? (0, 0) : (-1, EINVAL)
        case CUMOCKDEV_USBDEVFS_RESET:
            device.state.withLock { $0.halted = [] }
            return (0, 0)
        case CUMOCKDEV_USBDEVFS_GETDRIVER:
            guard let query = IoctlDataRef.resolve(arg, offset: 0, length: 4 + 256) else { return (-1, EFAULT) }
            let interface = query.load(UInt32.self, at: 0)
            guard let name = device.state.withLock({ $0.driverName(of: interface) }) else { return (-1, ENODATA) }
            query.storeString(name, at: 4, capacity: 256)
            return (0, 0)
        case CUMOCKDEV_USBDEVFS_DISCONNECT_CLAIM:
            guard let claim = IoctlDataRef.resolve(arg, offset: 0, length: 8 + 256) else { return (-1, EFAULT) }
            let interface = claim.load(UInt32.self, at: 0)
            let exceptDriver = claim.load(UInt32.self, at: 4) & 0x02 != 0 ? claim.string(at: 8, capacity: 256) : nil
            let error = device.state.withLock { $0.disconnectAndClaim(interface, by: client, except: exceptDriver) }
            return error == 0 ? (0, 0) : (-1, error)
        case CUMOCKDEV_USBDEVFS_IOCTL:
            return driverIoctl(arg)
        case CUMOCKDEV_USBDEVFS_GET_SPEED:
            return (device.state.withLock { $0.function.presentation } == .native(.high) ? 3 : 2, 0)
        case CUMOCKDEV_USBDEVFS_CONNECTINFO:
            guard let info = IoctlDataRef.resolve(arg, offset: 0, length: 8) else { return (-1, EFAULT) }
            info.store(UInt32(device.state.withLock { $0.deviceNumber }), at: 0)
            info.store(UInt8(0), at: 4)
            return (0, 0)
        default:
            return (-1, ENOTTY)
        }
    }

    private func withUInt32(_ arg: UnsafeMutablePointer<UMockdevIoctlData>, _ body: (UInt32) -> Int32) -> Outcome {
        guard let value = IoctlDataRef.resolve(arg, offset: 0, length: 4) else { return (-1, EFAULT) }
        let error = body(value.load(UInt32.self, at: 0))
        return error == 0 ? (0, 0) : (-1, error)
    }

    /// USBDEVFS_IOCTL carrying USBDEVFS_DISCONNECT / USBDEVFS_CONNECT (kernel driver detach/attach).
    private func driverIoctl(_ arg: UnsafeMutablePointer<UMockdevIoctlData>) -> Outcome {
        guard let command = IoctlDataRef.resolve(arg, offset: 0, length: Int(CUMOCKDEV_IOCTL_SIZE)) else {
            return (-1, EFAULT)
        }
        let interface = command.load(UInt32.self, at: 0)
        let code = UInt(command.load(UInt32.self, at: 4))
        switch code {
        case CUMOCKDEV_USBDEVFS_DISCONNECT & 0xFFFF_FFFF:
            let error = device.state.withLock { $0.disconnectKernelDriver(interface) }
            return error == 0 ? (0, 0) : (-1, error)
        case CUMOCKDEV_USBDEVFS_CONNECT & 0xFFFF_FFFF:
            return device.state.withLock { $0.connectKernelDriver(interface) }
        default:
            return (-1, ENOTTY)
        }
    }

    // MARK: - URBs

    private func submit(_ arg: UnsafeMutablePointer<UMockdevIoctlData>, client: IoctlClientRef) -> Outcome {
        guard let urb = IoctlDataRef.resolve(arg, offset: 0, length: Int(CUMOCKDEV_URB_SIZE)) else {
            return (-1, EFAULT)
        }
        let type = urb.load(UInt8.self, at: URBLayout.type)
        let endpoint = urb.load(UInt8.self, at: URBLayout.endpoint)
        let length = Int(urb.load(Int32.self, at: URBLayout.bufferLength))
        guard length >= 0, type != 0 else { return (-1, EINVAL) }  // isochronous URBs are not supported
        if type == URBEntry.typeControl && length < 8 { return (-1, EINVAL) }
        let buffer = length > 0 ? urb.resolve(offset: Int(CUMOCKDEV_URB_BUFFER_OFFSET), length: length) : nil
        if length > 0 && buffer == nil { return (-1, EFAULT) }
        let entry = URBEntry(
            client: UInt(bitPattern: client.pointer), generation: generation, urb: urb,
            buffer: buffer, type: type, endpoint: endpoint, bufferLength: length)
        let sendsData = type == URBEntry.typeControl || endpoint & 0x80 == 0
        let outData = sendsData ? buffer.map { Array($0.bytes) } ?? [] : []
        let error = device.state.withLock { $0.submit(entry, outData: outData, by: client) }
        return error == 0 ? (0, 0) : (-1, error)
    }

    private func reap(_ arg: UnsafeMutablePointer<UMockdevIoctlData>, clientID: UInt) -> Outcome {
        let (entry, live) = device.state.withLock { state in
            (state.reap(for: clientID), state.isLive(generation))
        }
        guard let entry, let result = entry.result else { return (-1, live ? EAGAIN : ENODEV) }
        entry.urb.store(result.status, at: URBLayout.status)
        entry.urb.store(Int32(result.actualLength), at: URBLayout.actualLength)
        if let buffer = entry.buffer, !result.inData.isEmpty {
            let offset = entry.type == URBEntry.typeControl ? 8 : 0
            let count = min(result.inData.count, buffer.bytes.count - offset)
            for index in 0..<max(0, count) { buffer.bytes[offset + index] = result.inData[index] }
        }
        guard let slot = IoctlDataRef.resolve(arg, offset: 0, length: MemoryLayout<UInt>.size) else {
            return (-1, EFAULT)
        }
        umockdev_ioctl_data_set_ptr(slot.pointer, 0, entry.urb.pointer)
        return (0, 0)
    }

    /// USBDEVFS_CONTROL: a synchronous control transfer.
    private func control(_ arg: UnsafeMutablePointer<UMockdevIoctlData>) -> Outcome {
        guard let transfer = IoctlDataRef.resolve(arg, offset: 0, length: Int(CUMOCKDEV_CTRLTRANSFER_SIZE)) else {
            return (-1, EFAULT)
        }
        let setup = USBSetupPacket(
            requestType: transfer.load(UInt8.self, at: 0), request: transfer.load(UInt8.self, at: 1),
            value: transfer.load(UInt16.self, at: 2), index: transfer.load(UInt16.self, at: 4),
            length: transfer.load(UInt16.self, at: 6))
        let data =
            setup.length > 0
            ? transfer.resolve(offset: Int(CUMOCKDEV_CTRLTRANSFER_DATA_OFFSET), length: Int(setup.length)) : nil
        let outData = setup.isIn ? [] : data.map { Array($0.bytes) } ?? []
        let reply = device.state.withLock { state in
            state.counters.control += 1
            return state.control(setup, outData: outData)
        }
        switch reply {
        case .stall:
            return (-1, EPIPE)
        case .ack(let bytes):
            guard setup.isIn else { return (Int(setup.length), 0) }
            let count = min(bytes.count, Int(setup.length))
            if let data { for index in 0..<count { data.bytes[index] = bytes[index] } }
            return (count, 0)
        }
    }
}

/// Byte offsets inside `struct usbdevfs_urb`, from the kernel header.
enum URBLayout {
    static let type = MemoryLayout<usbdevfs_urb>.offset(of: \.type)!
    static let endpoint = MemoryLayout<usbdevfs_urb>.offset(of: \.endpoint)!
    static let status = MemoryLayout<usbdevfs_urb>.offset(of: \.status)!
    static let bufferLength = MemoryLayout<usbdevfs_urb>.offset(of: \.buffer_length)!
    static let actualLength = MemoryLayout<usbdevfs_urb>.offset(of: \.actual_length)!
}
