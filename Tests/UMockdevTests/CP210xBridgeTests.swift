import CLibUSB
import FingerprintModuleSim
import Testing
import UMockdevHarness

extension UMockdevTier2Tests {
    @Suite("module behind a CP210x 10c4:ea60")
    struct CP210xBridgeTests {
        /// bmRequestType of Silicon Labs' interface requests.
        static let hostToInterface: UInt8 = 0x41
        static let interfaceToHost: UInt8 = 0xC1

        /// The Linux cp210x open sequence: enable the UART, 8N1, baud rate, raise DTR/RTS.
        static func configure(_ usb: LibUSBTestSession, baud: UInt32) {
            #expect(usb.control(hostToInterface, 0x00, value: 0x0001, index: 0).0 == 0)  // IFC_ENABLE
            #expect(usb.control(hostToInterface, 0x03, value: 0x0800, index: 0).0 == 0)  // SET_LINE_CTL 8N1
            let rate = [UInt8(baud & 0xFF), UInt8(baud >> 8 & 0xFF), UInt8(baud >> 16 & 0xFF), UInt8(baud >> 24)]
            #expect(usb.control(hostToInterface, 0x1E, value: 0, index: 0, data: rate).0 == 4)  // SET_BAUDRATE
            #expect(usb.control(hostToInterface, 0x07, value: 0x0303, index: 0).0 == 0)  // SET_MHS DTR|RTS
        }

        @Test("bytes written before IFC_ENABLE never reach the module")
        func droppedBeforeEnable() throws {
            let module = SimulatedZFMModule()
            try LibUSBTestSession.withClaimedDevice(.cp210x, module: module) { device, usb in
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                #expect(usb.bulkRead(0x81, timeoutMilliseconds: 100).0 == LIBUSB_ERROR_TIMEOUT.rawValue)
                #expect(module.count(of: .genImg) == 0)
            }
        }

        @Test("after IFC_ENABLE, SET_LINE_CTL and SET_BAUDRATE 57600 the module answers byte-exact")
        func configuredRoundTrip() throws {
            let module = SimulatedZFMModule()
            try LibUSBTestSession.withClaimedDevice(.cp210x, module: module) { device, usb in
                Self.configure(usb, baud: 57_600)
                #expect(device.configuredLineCoding == .eightNoneOne(57_600))
                #expect(device.bridgeUARTEnabled == true)
                #expect(
                    usb.control(Self.interfaceToHost, 0x1D, value: 0, index: 0, inLength: 4).1 == [
                        0x00, 0xE1, 0x00, 0x00,
                    ])
                #expect(usb.control(Self.interfaceToHost, 0x04, value: 0, index: 0, inLength: 2).1 == [0x00, 0x08])
                #expect(usb.control(Self.interfaceToHost, 0x08, value: 0, index: 0, inLength: 1).1 == [0x03])
                #expect(usb.control(0xC0, 0xFF, value: 0x370B, index: 0, inLength: 1).1 == [0x02], "part number CP2102")

                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                #expect(usb.bulkRead(0x81, exactly: 12).1 == ZFMTestPackets.noFingerAck)
                module.place(SimulatedFinger("carol-right-middle"))
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                #expect(usb.bulkRead(0x81, exactly: 12).1 == ZFMTestPackets.imageCapturedAck)

                let requests = device.recordedVendorRequests.map(\.setup.request)
                #expect(Array(requests.prefix(4)) == [0x00, 0x03, 0x1E, 0x07])
                #expect(device.recordedVendorRequests[2].outData == [0x00, 0xE1, 0x00, 0x00])
            }
        }

        @Test("an unsupported request stalls the control pipe")
        func unsupportedRequestStalls() throws {
            try LibUSBTestSession.withClaimedDevice(.cp210x) { device, usb in
                #expect(usb.control(Self.hostToInterface, 0x42, value: 0, index: 0).0 == LIBUSB_ERROR_PIPE.rawValue)
                #expect(
                    usb.control(Self.hostToInterface, 0x03, value: 0x0900, index: 0).0 == LIBUSB_ERROR_PIPE.rawValue,
                    "9 data bits are refused")
                #expect(device.recordedControlRequests.last?.stalled == true)
            }
        }

        @Test("at 115200 the module (57600) sees garbage; disabling the UART drops bytes again")
        func wrongBaudAndDisable() throws {
            let module = SimulatedZFMModule()
            try LibUSBTestSession.withClaimedDevice(.cp210x, module: module) { device, usb in
                Self.configure(usb, baud: 115_200)
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                #expect(usb.bulkRead(0x81, timeoutMilliseconds: 100).1 != ZFMTestPackets.noFingerAck)
                #expect(module.count(of: .genImg) == 0)

                Self.configure(usb, baud: 57_600)
                #expect(usb.control(Self.hostToInterface, 0x00, value: 0x0000, index: 0).0 == 0)
                #expect(device.bridgeUARTEnabled == false)
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                #expect(usb.bulkRead(0x81, timeoutMilliseconds: 100).0 == LIBUSB_ERROR_TIMEOUT.rawValue)
                #expect(module.count(of: .genImg) == 0)
            }
        }
    }
}
