import Foundation
import Measuring
import USBHost

/// What the VM's kernel shows of the gadget: the device in libusb's list, the driver bound to its
/// interface in sysfs, and the tty a USB-serial driver made for it.
enum GadgetKernelUSB {
    /// Polls libusb's device list until `vendor:product` is there.
    static func waitForDevice(
        _ context: USBContext, vendor: UInt16, product: UInt16, timeout: Duration = .seconds(15)
    ) async throws -> USBDeviceInfo {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let device = try context.devices().first(where: { $0.id.vendor == vendor && $0.id.product == product }) {
                return device
            }
            guard ContinuousClock.now < deadline else {
                throw GadgetTestError("libusb did not list \(hex(vendor)):\(hex(product)) within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The kernel driver bound to interface 0 of `vendor:product` (e.g. "ch341", "usbfs"), nil when none.
    static func interfaceDriver(vendor: UInt16, product: UInt16) -> String? {
        guard let name = sysfsName(of: USBDeviceID(vendor: vendor, product: product)) else { return nil }
        let link = try? FileManager.default.destinationOfSymbolicLink(
            atPath: "\(usbDevices)/\(name)/\(name):1.0/driver")
        return link.map { URL(fileURLWithPath: $0).lastPathComponent }
    }

    /// The device's name in /sys/bus/usb/devices (e.g. "1-1"), nil when the kernel has none with `id`.
    static func sysfsName(of id: USBDeviceID) -> String? {
        ((try? FileManager.default.contentsOfDirectory(atPath: usbDevices)) ?? []).first { name in
            !name.contains(":") && attribute("\(usbDevices)/\(name)/idVendor") == hex(id.vendor)
                && attribute("\(usbDevices)/\(name)/idProduct") == hex(id.product)
        }
    }

    private static let usbDevices = "/sys/bus/usb/devices"

    /// Waits until `driver` (the usb-serial driver, "ch341-uart" or "cp210x") has made a tty and its
    /// device node exists; returns the node, e.g. /dev/ttyUSB0.
    static func waitForSerialTTY(driver: String, timeout: Duration = .seconds(15)) async throws -> String {
        let folder = "/sys/bus/usb-serial/drivers/\(driver)"
        let deadline = ContinuousClock.now + timeout
        while true {
            let ports = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
                $0.hasPrefix("ttyUSB")
            }
            if let port = ports.sorted().first, FileManager.default.fileExists(atPath: "/dev/\(port)") {
                return "/dev/\(port)"
            }
            guard ContinuousClock.now < deadline else {
                throw GadgetTestError("\(driver) made no ttyUSB within \(timeout) (\(folder): \(ports))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Whether udev still has events to process (systemd-udevd keeps /run/udev/queue while it does).
    static var udevQueueBusy: Bool { FileManager.default.fileExists(atPath: "/run/udev/queue") }

    /// Waits until udev has processed every event queued so far, as `udevadm settle` does.
    static func waitForUdevQueueToEmpty(timeout: Duration = .seconds(30)) async throws {
        try await waitUntil("udev's event queue empty", timeout: timeout) { !udevQueueBusy }
    }

    /// Waits until `condition` holds (polling), at most `timeout`.
    static func waitUntil(
        _ what: String, timeout: Duration = .seconds(10), _ condition: () -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw GadgetTestError("\(what): not within \(timeout)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func attribute(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func hex(_ value: UInt16) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}

/// Median and spread of a few timings, for the report lines the suites print.
struct GadgetTimings {
    var samples: [Duration] = []

    mutating func measure<T>(_ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        let result = try await body()
        samples.append(ContinuousClock.now - start)
        return result
    }

    var median: Duration { samples.sorted()[samples.count / 2] }

    var summary: String {
        let milliseconds = { (d: Duration) in
            String(format: "%.2f ms", d.milliseconds)
        }
        return
            "median \(milliseconds(median)), min \(milliseconds(samples.min() ?? .zero)), max \(milliseconds(samples.max() ?? .zero)) over \(samples.count)"
    }
}
