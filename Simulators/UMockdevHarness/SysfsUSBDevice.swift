import USBDeviceSim

/// The umockdev text description (`P:`/`N:`/`E:`/`A:`/`H:` lines) of USB devices on bus 1.
enum SysfsUSBDevice {
    static let busNumber = 1
    static let rootHubPath = "/devices/pci0000:00/0000:00:14.0/usb1"

    /// sysfs path of the device on root hub port `port`.
    static func path(port: Int) -> String { "\(rootHubPath)/1-\(port)" }

    /// `/dev/bus/usb/001/NNN`.
    static func node(deviceNumber: Int) -> String { "/dev/" + nodeName(deviceNumber: deviceNumber) }

    static func nodeName(deviceNumber: Int) -> String {
        "bus/usb/\(threeDigits(busNumber))/\(threeDigits(deviceNumber))"
    }

    /// The xHCI root hub `1d6b:0002` (device number 1).
    static var rootHub: String {
        let device = USBDescriptors.device(
            bcdUSB: 0x0200, deviceClass: 9, maxPacketSize0: 64, vendorID: 0x1D6B,
            productID: 0x0002, bcdDevice: 0x0601, manufacturer: 3, product: 2,
            serial: 1)
        let hub = USBDescriptors.Interface(
            number: 0, interfaceClass: 9, subclass: 0, interfaceProtocol: 0,
            endpoints: [
                .init(
                    address: 0x81, type: .interrupt, maxPacketSize: 4,
                    interval: 12)
            ])
        let config = USBDescriptors.configuration(interfaces: [hub], maxPowerMilliamps: 0, selfPowered: true)
        return describe(
            path: rootHubPath, deviceNumber: 1, vendorID: 0x1D6B, productID: 0x0002, bcdDevice: 0x0601,
            speed: "480", descriptors: device + config, product: "xHCI Host Controller",
            manufacturer: "Linux xhci-hcd", serial: "0000:00:14.0", extraProperties: ["DRIVER=usb"])
    }

    /// A simulated device on `port`.
    static func device(_ presentation: USBPresentation, port: Int, deviceNumber: Int) -> String {
        let (manufacturer, product, serial) = presentation.strings
        return describe(
            path: path(port: port), deviceNumber: deviceNumber, vendorID: presentation.vendorID,
            productID: presentation.productID, bcdDevice: presentation.bcdDevice,
            speed: presentation.sysfsSpeed,
            descriptors: presentation.deviceDescriptor + presentation.configurationDescriptor,
            product: product, manufacturer: manufacturer, serial: serial,
            extraProperties: [
                "DRIVER=usb",
                "ID_USB_INTERFACES=:ff\(presentation.interface.subclass.hex2)\(presentation.interface.interfaceProtocol.hex2):",
            ])
    }

    private static func describe(
        path: String, deviceNumber: Int, vendorID: UInt16, productID: UInt16,
        bcdDevice: UInt16, speed: String, descriptors: [UInt8], product: String?,
        manufacturer: String?, serial: String?, extraProperties: [String]
    ) -> String {
        let minor = (busNumber - 1) * 128 + deviceNumber - 1
        var lines = [
            "P: \(path)",
            "N: \(nodeName(deviceNumber: deviceNumber))",
            "E: DEVNAME=/dev/\(nodeName(deviceNumber: deviceNumber))",
            "E: DEVTYPE=usb_device",
            "E: SUBSYSTEM=usb",
            "E: MAJOR=189",
            "E: MINOR=\(minor)",
            "E: BUSNUM=\(threeDigits(busNumber))",
            "E: DEVNUM=\(threeDigits(deviceNumber))",
            "E: PRODUCT=\(String(vendorID, radix: 16))/\(String(productID, radix: 16))/\(String(bcdDevice, radix: 16))",
            "E: TYPE=\(descriptors[4])/\(descriptors[5])/\(descriptors[6])",
            "E: ID_VENDOR_ID=\(vendorID.hex4)",
            "E: ID_MODEL_ID=\(productID.hex4)",
            "E: ID_REVISION=\(bcdDevice.hex4)",
            "E: ID_BUS=usb",
        ]
        lines += extraProperties.map { "E: \($0)" }
        if let manufacturer { lines.append("E: ID_VENDOR=\(manufacturer.replacing(" ", with: "_"))") }
        if let product { lines.append("E: ID_MODEL=\(product.replacing(" ", with: "_"))") }
        if let serial { lines.append("E: ID_SERIAL_SHORT=\(serial)") }
        lines += [
            "A: busnum=\(busNumber)\\n",
            "A: devnum=\(deviceNumber)\\n",
            "A: dev=189:\(minor)\\n",
            "A: speed=\(speed)\\n",
            "A: bConfigurationValue=1\\n",
            "A: bNumConfigurations=1\\n",
            "A: bNumInterfaces= 1\\n",
            "A: bDeviceClass=\(descriptors[4].hex2)\\n",
            "A: bMaxPacketSize0=\(descriptors[7])\\n",
            "A: idVendor=\(vendorID.hex4)\\n",
            "A: idProduct=\(productID.hex4)\\n",
            "A: bcdDevice=\(bcdDevice.hex4)\\n",
            "A: devpath=\(path == rootHubPath ? "0" : path.split(separator: "-").last.map(String.init) ?? "0")\\n",
        ]
        if let manufacturer { lines.append("A: manufacturer=\(manufacturer)\\n") }
        if let product { lines.append("A: product=\(product)\\n") }
        if let serial { lines.append("A: serial=\(serial)\\n") }
        lines.append("H: descriptors=\(descriptors.hexString)")
        return lines.joined(separator: "\n") + "\n\n"
    }

    private static func threeDigits(_ value: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, 3 - text.count)) + text
    }
}

extension UInt8 {
    /// Two lower-case hex digits.
    var hex2: String {
        let text = String(self, radix: 16)
        return text.count == 1 ? "0" + text : text
    }
}
