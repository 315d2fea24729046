import ArgumentParser
import DeviceSetup
import FingerprintLinks
import USBHost

struct FingerprintList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract:
            "Supported fingerprint devices on the USB bus (built-in device table plus fingerprint.usb_devices and --usb-device)."
    )

    @OptionGroup var options: FingerprintLinkOptions

    func run() async throws {
        let settings = try options.settings(needsConfig: false)
        let table: FingerprintUSBDeviceTable
        do {
            table = try FingerprintUSBDeviceTable(configured: settings.usbDevices)
        } catch {
            throw FingerprintCommandError("fingerprint.usb_devices: \(error)")
        }
        let found = try await Self.present(in: table)
        if found.isEmpty {
            say("none found: no USB device in the fingerprint device table is present")
        } else {
            found.forEach(say)
        }
    }

    /// The supported devices on the bus, one line each.
    static func present(in table: FingerprintUSBDeviceTable) async throws -> [String] {
        let context: USBContext
        do {
            context = try USBContext()
        } catch {
            throw FingerprintCommandError("cannot initialise libusb: \(error)")
        }
        let listed = Result { () throws(USBError) -> [USBDeviceInfo] in try context.devices() }
        await context.shutdown()
        let devices: [USBDeviceInfo]
        do {
            devices = try listed.get()
        } catch {
            throw FingerprintCommandError("cannot list USB devices: \(error)")
        }
        return table.matching(devices).map { device, kind in
            let port =
                device.portPath.isEmpty ? "" : "  port \(device.portPath.map(String.init).joined(separator: "."))"
            return "\(device.id)  \(kind)  bus \(device.bus) address \(device.address)  \(device.nodePath)\(port)"
        }
    }
}
