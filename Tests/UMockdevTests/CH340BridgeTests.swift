import CLibUSB
import FingerprintModuleSim
import Testing
import UMockdevHarness

extension UMockdevTier2Tests {
    @Suite("module behind a CH340 1a86:7523")
    struct CH340BridgeTests {
        /// Linux ch341_get_divisor for 57600 (ps 3, fact 0, divisor 104) with bit 7 (send immediately).
        static let divisor57600: UInt16 = 0x9883
        /// The same for 9600 (ps 2, fact 0, divisor 78).
        static let divisor9600: UInt16 = 0xB282
        /// LCR: RX and TX enabled, 8 data bits, no parity, 1 stop bit.
        static let lcr8N1: UInt16 = 0x00C3

        /// The Linux ch341 driver's open sequence: version, init, baud/LCR registers, modem lines.
        static func configure(_ usb: LibUSBTestSession, divisor: UInt16) {
            let (versionLength, version) = usb.control(0xC0, 0x5F, value: 0, index: 0, inLength: 2)
            #expect(versionLength == 2)
            #expect(version.first.map { $0 >= 0x30 } == true, "a chip that uses the LCR register")
            #expect(usb.control(0x40, 0xA1, value: 0, index: 0).0 == 0)
            #expect(usb.control(0x40, 0x9A, value: 0x1312, index: divisor).0 == 0)
            #expect(usb.control(0x40, 0x9A, value: 0x2518, index: lcr8N1).0 == 0)
            #expect(usb.control(0x40, 0xA4, value: ~UInt16(0x20 | 0x40), index: 0).0 == 0)
        }

        @Test("bytes written before the chip is initialised never reach the module")
        func droppedBeforeInit() throws {
            let module = SimulatedZFMModule()
            try LibUSBTestSession.withClaimedDevice(.ch340, module: module) { device, usb in
                #expect(device.bridgeUARTEnabled == false)
                #expect(usb.bulkWrite(0x02, ZFMTestPackets.genImg) == 0)
                let (status, bytes) = usb.bulkRead(0x82, timeoutMilliseconds: 100)
                #expect(status == LIBUSB_ERROR_TIMEOUT.rawValue)
                #expect(bytes.isEmpty)
                #expect(module.count(of: .genImg) == 0)
            }
        }

        @Test("after ch341's control sequence at 57600 8N1 the module answers byte-exact")
        func configuredRoundTrip() throws {
            let module = SimulatedZFMModule()
            try LibUSBTestSession.withClaimedDevice(.ch340, module: module) { device, usb in
                Self.configure(usb, divisor: Self.divisor57600)
                let coding = try #require(device.configuredLineCoding)
                #expect(coding == UARTLineCoding(baudRate: 57_692))
                #expect(coding.isCompatible(with: .eightNoneOne(57_600)))
                #expect(usb.control(0xC0, 0x95, value: 0x2518, index: 0, inLength: 2).1 == [0xC3, 0x00])

                #expect(usb.bulkWrite(0x02, ZFMTestPackets.genImg) == 0)
                #expect(usb.bulkRead(0x82, exactly: 12).1 == ZFMTestPackets.noFingerAck)
                module.place(SimulatedFinger("bob-left-thumb"))
                #expect(usb.bulkWrite(0x02, ZFMTestPackets.genImg) == 0)
                #expect(usb.bulkRead(0x82, exactly: 12).1 == ZFMTestPackets.imageCapturedAck)

                let requests = device.recordedVendorRequests.map(\.setup.request)
                #expect(requests == [0x5F, 0xA1, 0x9A, 0x9A, 0xA4, 0x95])
                #expect(device.recordedVendorRequests[2].setup.value == 0x1312)
                #expect(device.recordedVendorRequests[2].setup.index == Self.divisor57600)
            }
        }

        @Test("at the wrong baud rate the module only sees garbage and never answers")
        func wrongBaud() throws {
            let module = SimulatedZFMModule()
            try LibUSBTestSession.withClaimedDevice(.ch340, module: module) { device, usb in
                Self.configure(usb, divisor: Self.divisor9600)
                #expect(device.configuredLineCoding?.baudRate == 9615)
                #expect(usb.bulkWrite(0x02, ZFMTestPackets.genImg) == 0)
                let (_, bytes) = usb.bulkRead(0x82, timeoutMilliseconds: 100)
                #expect(bytes != ZFMTestPackets.noFingerAck)
                #expect(module.count(of: .genImg) == 0)
            }
        }

        @Test("the modem-status interrupt endpoint stays quiet and its transfer times out cleanly")
        func interruptEndpoint() throws {
            try LibUSBTestSession.withClaimedDevice(.ch340) { device, usb in
                var buffer = [UInt8](repeating: 0, count: 8)
                var transferred: Int32 = 0
                let status = libusb_interrupt_transfer(usb.handle, 0x81, &buffer, 8, &transferred, 50)
                #expect(status == LIBUSB_ERROR_TIMEOUT.rawValue)
                #expect(device.urbCounters.interruptIn == 1)
                #expect(device.urbCounters.discarded == 1)
                #expect(device.parkedURBCount == 0)
            }
        }

        @Test("the ch341 kernel driver is bound until detached; claiming before that is busy")
        func kernelDriver() throws {
            try UMockdevTestbed.run(.ch340) { device in
                let usb = try LibUSBTestSession()
                defer { usb.close() }
                try usb.open(vendor: 0x1A86, product: 0x7523)
                #expect(device.boundDriver == "ch341")
                #expect(libusb_kernel_driver_active(usb.handle, 0) == 1)
                #expect(libusb_claim_interface(usb.handle, 0) == LIBUSB_ERROR_BUSY.rawValue)
                #expect(libusb_detach_kernel_driver(usb.handle, 0) == 0)
                #expect(libusb_kernel_driver_active(usb.handle, 0) == 0)
                #expect(libusb_claim_interface(usb.handle, 0) == 0)
                #expect(device.boundDriver == "usbfs")
                #expect(libusb_release_interface(usb.handle, 0) == 0)
                #expect(libusb_attach_kernel_driver(usb.handle, 0) == 0)
                #expect(device.boundDriver == "ch341")
                libusb_set_auto_detach_kernel_driver(usb.handle, 1)
                #expect(libusb_claim_interface(usb.handle, 0) == 0, "auto-detach uses DISCONNECT_CLAIM")
                #expect(device.boundDriver == "usbfs")
            }
        }
    }
}
