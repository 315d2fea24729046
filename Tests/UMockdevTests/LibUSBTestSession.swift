import CLibUSB
import FingerprintModuleSim
import Testing
import UMockdevHarness
import USBDeviceSim

/// A libusb context opened after the testbed (so its udev monitor sees the fake devices) and one
/// device handle, closed with `close()` before the testbed shuts down.
final class LibUSBTestSession {
    let context: OpaquePointer
    private(set) var handle: OpaquePointer?

    init() throws {
        var context: OpaquePointer?
        let status = libusb_init(&context)
        guard status == 0, let context else { throw LibUSBCallError(call: "libusb_init", code: status) }
        self.context = context
    }

    /// Every device libusb enumerates, with its descriptor.
    func devices() throws -> [(device: OpaquePointer, descriptor: libusb_device_descriptor)] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        guard count >= 0, let list else { throw LibUSBCallError(call: "libusb_get_device_list", code: Int32(count)) }
        defer { libusb_free_device_list(list, 1) }
        var found: [(OpaquePointer, libusb_device_descriptor)] = []
        for index in 0..<Int(count) {
            guard let device = list[index] else { continue }
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(device, &descriptor) == 0 else { continue }
            found.append((libusb_ref_device(device), descriptor))
        }
        return found
    }

    /// Opens the device `vendor:product`; returns its bus number, address and port.
    @discardableResult
    func open(vendor: UInt16, product: UInt16) throws -> (bus: Int, address: Int, port: Int) {
        let all = try devices()
        defer { for entry in all { libusb_unref_device(entry.device) } }
        let match = try #require(
            all.first { $0.descriptor.idVendor == vendor && $0.descriptor.idProduct == product },
            "libusb did not enumerate \(vendor):\(product)")
        var handle: OpaquePointer?
        let status = libusb_open(match.device, &handle)
        guard status == 0 else { throw LibUSBCallError(call: "libusb_open", code: status) }
        self.handle = handle
        return (
            Int(libusb_get_bus_number(match.device)), Int(libusb_get_device_address(match.device)),
            Int(libusb_get_port_number(match.device))
        )
    }

    /// Opens `device`'s VID:PID, detaches any kernel driver and claims interface 0.
    func openAndClaim(_ device: AttachedUSBDevice) throws {
        try open(vendor: device.presentation.vendorID, product: device.presentation.productID)
        let handle = try #require(handle)
        if libusb_kernel_driver_active(handle, 0) == 1 {
            try check("libusb_detach_kernel_driver", libusb_detach_kernel_driver(handle, 0))
        }
        try check("libusb_claim_interface", libusb_claim_interface(handle, 0))
    }

    /// libusb_bulk_transfer OUT; returns the status code.
    func bulkWrite(_ endpoint: UInt8, _ bytes: [UInt8], timeoutMilliseconds: UInt32 = 1000) -> Int32 {
        var data = bytes
        var transferred: Int32 = 0
        return libusb_bulk_transfer(handle, endpoint, &data, Int32(data.count), &transferred, timeoutMilliseconds)
    }

    /// libusb_bulk_transfer IN of up to `length` bytes; the status code and the bytes received.
    func bulkRead(_ endpoint: UInt8, length: Int = 64, timeoutMilliseconds: UInt32 = 1000) -> (Int32, [UInt8]) {
        var data = [UInt8](repeating: 0, count: length)
        var transferred: Int32 = 0
        let status = libusb_bulk_transfer(handle, endpoint, &data, Int32(length), &transferred, timeoutMilliseconds)
        return (status, Array(data.prefix(Int(transferred))))
    }

    /// Reads until `count` bytes arrived or a read fails.
    func bulkRead(_ endpoint: UInt8, exactly count: Int, timeoutMilliseconds: UInt32 = 1000) -> (Int32, [UInt8]) {
        var received: [UInt8] = []
        while received.count < count {
            let (status, bytes) = bulkRead(
                endpoint, length: count - received.count,
                timeoutMilliseconds: timeoutMilliseconds)
            guard status == 0 else { return (status, received) }
            received += bytes
        }
        return (0, received)
    }

    /// A vendor/class/standard control transfer; the libusb result (byte count or error) and IN bytes.
    func control(
        _ requestType: UInt8, _ request: UInt8, value: UInt16, index: UInt16,
        data: [UInt8] = [], inLength: Int = 0
    ) -> (Int32, [UInt8]) {
        var buffer = requestType & 0x80 != 0 ? [UInt8](repeating: 0, count: inLength) : data
        let length = UInt16(buffer.count)
        let result = buffer.withUnsafeMutableBufferPointer { pointer in
            libusb_control_transfer(handle, requestType, request, value, index, pointer.baseAddress, length, 1000)
        }
        return (result, result > 0 ? Array(buffer.prefix(Int(result))) : [])
    }

    func check(_ call: String, _ status: Int32) throws {
        guard status == 0 else { throw LibUSBCallError(call: call, code: status) }
    }

    /// Releases the interface, closes the handle and exits libusb.
    func close() {
        if let handle {
            libusb_release_interface(handle, 0)
            libusb_close(handle)
        }
        handle = nil
        libusb_exit(context)
    }
}

extension LibUSBTestSession {
    /// A session for `body`, closed when `body` returns.
    static func withSession<R>(_ body: (LibUSBTestSession) throws -> R) throws -> R {
        let usb = try LibUSBTestSession()
        defer { usb.close() }
        return try body(usb)
    }

    /// A session with `device` opened and interface 0 claimed (`openAndClaim`), closed when `body` returns.
    static func withClaimed<R>(_ device: AttachedUSBDevice, _ body: (LibUSBTestSession) throws -> R) throws -> R {
        try withSession { usb in
            try usb.openAndClaim(device)
            return try body(usb)
        }
    }

    /// The set-up most tests share: a testbed with `module` plugged in as `presentation`, then a session
    /// opened after it (so libusb sees the device) with the device claimed; the session closes before
    /// the testbed shuts down.
    static func withClaimedDevice<R>(
        _ presentation: USBPresentation, module: SimulatedZFMModule = SimulatedZFMModule(),
        _ body: (AttachedUSBDevice, LibUSBTestSession) throws -> R
    ) throws -> R {
        try UMockdevTestbed.run(presentation, module: module) { device in
            try withClaimed(device) { usb in try body(device, usb) }
        }
    }
}

/// A libusb call failed.
struct LibUSBCallError: Error, CustomStringConvertible {
    let call: String
    let code: Int32
    var description: String { "\(call) failed: \(String(cString: libusb_error_name(code)))" }
}
