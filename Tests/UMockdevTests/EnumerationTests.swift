import CLibUSB
import FingerprintModuleSim
import Testing
import UMockdevHarness
import USBDeviceSim

/// One expected endpoint: address, bmAttributes transfer type, wMaxPacketSize.
struct ExpectedEndpoint: Hashable, Sendable, CustomStringConvertible {
    let address: UInt8
    let type: UInt8
    let maxPacketSize: UInt16
    var description: String { "\(address):\(type):\(maxPacketSize)" }
}

extension UMockdevTier2Tests {
    @Suite("enumeration through libusb")
    struct EnumerationTests {
        /// What libusb must see for one presentation (spelled out from the chips' datasheets).
        struct Case: CustomTestStringConvertible, Sendable {
            let presentation: USBPresentation
            let vendor: UInt16
            let product: UInt16
            let endpoints: [ExpectedEndpoint]
            let productString: String
            var testDescription: String { presentation.description }
        }

        static let cases: [Case] = [
            Case(
                presentation: .native(.full), vendor: 0x1209, product: 0x0001,
                endpoints: [
                    .init(address: 0x01, type: 2, maxPacketSize: 64), .init(address: 0x81, type: 2, maxPacketSize: 64),
                ],
                productString: "ZFM USB Fingerprint Module"),
            Case(
                presentation: .native(.high), vendor: 0x1209, product: 0x0001,
                endpoints: [
                    .init(address: 0x01, type: 2, maxPacketSize: 512),
                    .init(address: 0x81, type: 2, maxPacketSize: 512),
                ],
                productString: "ZFM USB Fingerprint Module"),
            Case(
                presentation: .ch340, vendor: 0x1A86, product: 0x7523,
                endpoints: [
                    .init(address: 0x82, type: 2, maxPacketSize: 32), .init(address: 0x02, type: 2, maxPacketSize: 32),
                    .init(address: 0x81, type: 3, maxPacketSize: 8),
                ],
                productString: "USB Serial"),
            Case(
                presentation: .cp210x, vendor: 0x10C4, product: 0xEA60,
                endpoints: [
                    .init(address: 0x81, type: 2, maxPacketSize: 64), .init(address: 0x01, type: 2, maxPacketSize: 64),
                ],
                productString: "CP2102 USB to UART Bridge Controller"),
        ]

        @Test("libusb sees the VID:PID, address, interface, endpoints and strings", arguments: cases)
        func enumerates(_ expected: Case) throws {
            let (presentation, vendor, product) = (expected.presentation, expected.vendor, expected.product)
            let (endpoints, productString) = (expected.endpoints, expected.productString)
            try UMockdevTestbed.run(presentation) { device in
                let usb = try LibUSBTestSession()
                defer { usb.close() }
                let all = try usb.devices()
                defer { for entry in all { libusb_unref_device(entry.device) } }
                #expect(
                    all.contains { $0.descriptor.idVendor == 0x1D6B && $0.descriptor.idProduct == 0x0002 },
                    "the root hub is enumerated too")
                let entry = try #require(
                    all.first { $0.descriptor.idVendor == vendor && $0.descriptor.idProduct == product })
                #expect(Int(libusb_get_bus_number(entry.device)) == device.busNumber)
                #expect(Int(libusb_get_device_address(entry.device)) == device.deviceAddress)
                #expect(Int(libusb_get_port_number(entry.device)) == device.portNumber)
                let expectedSpeed = presentation == .native(.high) ? LIBUSB_SPEED_HIGH : LIBUSB_SPEED_FULL
                #expect(libusb_get_device_speed(entry.device) == Int32(expectedSpeed.rawValue))

                var config: UnsafeMutablePointer<libusb_config_descriptor>?
                #expect(libusb_get_active_config_descriptor(entry.device, &config) == 0)
                let configuration = try #require(config)
                defer { libusb_free_config_descriptor(configuration) }
                #expect(configuration.pointee.bNumInterfaces == 1)
                let setting = try #require(configuration.pointee.interface?.pointee.altsetting)
                #expect(setting.pointee.bInterfaceClass == 0xFF)
                let found = (0..<Int(setting.pointee.bNumEndpoints)).map { index in
                    let endpoint = setting.pointee.endpoint[index]
                    return ExpectedEndpoint(
                        address: endpoint.bEndpointAddress, type: endpoint.bmAttributes & 0x03,
                        maxPacketSize: endpoint.wMaxPacketSize)
                }
                #expect(found == endpoints)

                try usb.open(vendor: vendor, product: product)
                var text = [UInt8](repeating: 0, count: 128)
                let length = libusb_get_string_descriptor_ascii(usb.handle, entry.descriptor.iProduct, &text, 128)
                #expect(length > 0)
                #expect(String(decoding: text.prefix(Int(max(0, length))), as: UTF8.self) == productString)
            }
        }

        @Test("two modules in one testbed enumerate at different addresses and answer independently")
        func twoDevices() throws {
            let testbed = try UMockdevTestbed()
            defer { testbed.shutDown() }
            let native = try testbed.addUSBDevice(.native(), module: SimulatedZFMModule())
            let bridge = try testbed.addUSBDevice(.cp210x, module: SimulatedZFMModule())
            #expect(native.deviceAddress != bridge.deviceAddress)
            #expect(native.portNumber != bridge.portNumber)
            let usb = try LibUSBTestSession()
            defer { usb.close() }
            let all = try usb.devices()
            defer { for entry in all { libusb_unref_device(entry.device) } }
            #expect(all.count == 3)
            try usb.openAndClaim(native)
            #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
            #expect(usb.bulkRead(0x81).1 == ZFMTestPackets.noFingerAck)
            #expect(native.module.count(of: .genImg) == 1)
            #expect(bridge.module.count(of: .genImg) == 0)
        }
    }
}
