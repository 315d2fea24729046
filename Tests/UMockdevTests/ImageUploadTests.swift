import CLibUSB
import FingerprintModuleSim
import Testing
import UMockdevHarness

extension UMockdevTier2Tests {
    @Suite("image upload: tens of kilobytes through libusb")
    struct ImageUploadTests {
        /// Sends GenImg with a finger on the sensor, then UpImage; returns the data packets' bytes.
        static func uploadImage(_ usb: LibUSBTestSession, out: UInt8, in endpoint: UInt8, expected: Int) -> [UInt8] {
            #expect(usb.bulkWrite(out, ZFMTestPackets.genImg) == 0)
            #expect(usb.bulkRead(endpoint, exactly: 12).1 == ZFMTestPackets.imageCapturedAck)
            #expect(usb.bulkWrite(out, ZFMTestPackets.upImage) == 0)
            #expect(usb.bulkRead(endpoint, exactly: 12).1 == ZFMTestPackets.upImageAck)
            var data: [UInt8] = []
            while data.count < expected {
                let (status, bytes) = usb.bulkRead(endpoint, length: min(16_384, expected - data.count))
                guard status == 0 else { break }
                data += bytes
            }
            return data
        }

        @Test("native USB: 256×288 pixels at 8 bits/pixel in 576 packets of 128 bytes")
        func nativeUpImage() throws {
            let module = SimulatedZFMModule()
            module.place(SimulatedFinger("dave-right-index"))
            try LibUSBTestSession.withClaimedDevice(.native(.high), module: module) { device, usb in
                let data = Self.uploadImage(usb, out: 0x01, in: 0x81, expected: 576 * 139)
                let packets = ZFMTestPackets.dataPackets(in: data)
                #expect(data.count == 576 * 139)
                #expect(packets.count == 576)
                #expect(packets.map(\.payload).reduce(0, +) == 256 * 288)
                #expect(packets.last?.pid == 0x08)
                #expect(packets.dropLast().allSatisfy { $0.pid == 0x02 })
            }
        }

        @Test("CH340 at 57600: 4 bits/pixel in 288 packets, unchanged by the UART")
        func bridgeUpImage() throws {
            let module = SimulatedZFMModule(configuration: .init(uartImages: true))
            module.place(SimulatedFinger("erin-left-index"))
            try LibUSBTestSession.withClaimedDevice(.ch340, module: module) { device, usb in
                CH340BridgeTests.configure(usb, divisor: CH340BridgeTests.divisor57600)
                let data = Self.uploadImage(usb, out: 0x02, in: 0x82, expected: 288 * 139)
                let packets = ZFMTestPackets.dataPackets(in: data)
                #expect(data.count == 288 * 139)
                #expect(packets.count == 288)
                #expect(packets.map(\.payload).reduce(0, +) == 256 * 288 / 2)
                #expect(packets.last?.pid == 0x08)
            }
        }
    }
}
