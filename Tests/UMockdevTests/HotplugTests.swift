import CLibUSB
import Glibc
import Testing
import UMockdevHarness

/// Hotplug events libusb delivered: (arrived?, vendor, product).
private final class HotplugLog {
    var events: [(arrived: Bool, vendor: UInt16, product: UInt16)] = []
}

extension UMockdevTier2Tests {
    @Suite("libusb hotplug")
    struct HotplugTests {
        @Test("unplug and replug reach libusb hotplug callbacks as LEFT and ARRIVED")
        func hotplugCallbacks() throws {
            try UMockdevTestbed.run(.cp210x) { device in
                let usb = try LibUSBTestSession()
                defer { usb.close() }
                let log = HotplugLog()
                let callback: libusb_hotplug_callback_fn = { _, usbDevice, event, userData in
                    guard let usbDevice, let userData else { return 0 }
                    var descriptor = libusb_device_descriptor()
                    _ = libusb_get_device_descriptor(usbDevice, &descriptor)
                    let log = Unmanaged<HotplugLog>.fromOpaque(userData).takeUnretainedValue()
                    log.events.append(
                        (
                            event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED, descriptor.idVendor,
                            descriptor.idProduct
                        ))
                    return 0
                }
                var handle: libusb_hotplug_callback_handle = 0
                let events = Int32(
                    LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
                try usb.check(
                    "libusb_hotplug_register_callback",
                    libusb_hotplug_register_callback(
                        usb.context, events, 0, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
                        LIBUSB_HOTPLUG_MATCH_ANY,
                        callback, Unmanaged.passUnretained(log).toOpaque(), &handle))
                defer { libusb_hotplug_deregister_callback(usb.context, handle) }

                func pump(until count: Int) {
                    for _ in 0..<50 where log.events.count < count {
                        var tv = timeval(tv_sec: 0, tv_usec: 20_000)
                        libusb_handle_events_timeout_completed(usb.context, &tv, nil)
                    }
                }
                device.unplug()
                pump(until: 1)
                try device.replug()
                pump(until: 2)
                #expect(log.events.map(\.arrived) == [false, true])
                #expect(log.events.allSatisfy { $0.vendor == 0x10C4 && $0.product == 0xEA60 })
            }
        }
    }
}
