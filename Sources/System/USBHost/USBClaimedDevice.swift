import CLibUSB

/// An opened `libusb_device_handle *` with its interface claimed: the blocking half of `USBDeviceHandle`.
/// Sendable: the pointer never changes; libusb handles are usable from any thread; `release()` runs once,
/// after every transfer on the handle has completed (guaranteed by `USBDeviceHandle`).
struct USBClaimedDevice: @unchecked Sendable {
    let pointer: OpaquePointer
    let interface: UInt8
    let endpoints: USBEndpoints
    /// True when we detached the kernel driver ourselves (auto-detach unsupported) and must re-attach it.
    let detachedKernelDriver: Bool

    /// Opens the device at `info`'s bus position, selects `configuration`, detaches and claims `interface`.
    static func open(
        _ info: USBDeviceInfo, in context: USBRawContext, interface: UInt8, configuration: Int32
    ) throws(USBError) -> USBClaimedDevice {
        let opened = try USBContext.withDeviceList(context) {
            devices throws(USBError) -> (OpaquePointer, OpaquePointer) in
            guard
                let device = devices.first(where: {
                    libusb_get_bus_number($0) == info.bus && libusb_get_device_address($0) == info.address
                })
            else { throw .noDevice }
            var handle: OpaquePointer?
            try USBError.check(libusb_open(device, &handle))
            guard let handle else { throw .noMemory }
            return (libusb_ref_device(device), handle)
        }
        let (device, handle) = opened
        defer { libusb_unref_device(device) }
        do {
            return try claim(handle, device: device, interface: interface, configuration: configuration)
        } catch {
            libusb_close(handle)
            throw error
        }
    }

    private static func claim(
        _ handle: OpaquePointer, device: OpaquePointer, interface: UInt8, configuration: Int32
    ) throws(USBError) -> USBClaimedDevice {
        var active: Int32 = 0
        try USBError.check(libusb_get_configuration(handle, &active))
        if active != configuration {
            try USBError.check(libusb_set_configuration(handle, configuration))
        }
        let endpoints = try readEndpoints(device, interface: interface)
        let number = Int32(interface)
        var detached = false
        let autoDetach = libusb_set_auto_detach_kernel_driver(handle, 1)
        if autoDetach == LIBUSB_ERROR_NOT_SUPPORTED.rawValue, libusb_kernel_driver_active(handle, number) == 1 {
            try USBError.check(libusb_detach_kernel_driver(handle, number))
            detached = true
        }
        let claimed = libusb_claim_interface(handle, number)
        guard claimed == 0 else {
            if detached { libusb_attach_kernel_driver(handle, number) }
            throw USBError(libusbCode: claimed)
        }
        return USBClaimedDevice(
            pointer: handle, interface: interface, endpoints: endpoints, detachedKernelDriver: detached)
    }

    private static func readEndpoints(_ device: OpaquePointer, interface: UInt8) throws(USBError) -> USBEndpoints {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        try USBError.check(libusb_get_active_config_descriptor(device, &config))
        guard let config else { throw .notFound }
        defer { libusb_free_config_descriptor(config) }
        guard let endpoints = try USBEndpoints.parse(config, interfaceNumber: interface) else {
            throw .unsupportedDevice("the active configuration has no interface \(interface)")
        }
        return endpoints
    }

    /// Releases the interface, re-attaches a kernel driver we detached, and closes the handle.
    func release() {
        libusb_release_interface(pointer, Int32(interface))
        if detachedKernelDriver { libusb_attach_kernel_driver(pointer, Int32(interface)) }
        libusb_close(pointer)
    }
}
