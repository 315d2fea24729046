import FingerprintLinks
import Testing
import USBHost

@Suite("Serial bridge line coding")
struct SerialBridgeEncodingTests {
    // CH341

    @Test(
        "CH341 prescaler/divisor register values match the Linux driver's algorithm",
        arguments: [(57_600, 0x9883), (9_600, 0xB282), (115_200, 0xCC83), (19_200, 0xD982)])
    func ch341Divisor(baud: Int, expected: Int) throws {
        #expect(try CH34xBridge.divisorRegisterValue(baud: baud) == UInt16(expected))
    }

    @Test(
        "CH341 register values produce a rate within 0.5% of the request",
        arguments: [
            300, 1_200, 2_400, 4_800, 9_600, 14_400, 19_200, 38_400, 57_600, 115_200, 230_400, 460_800, 921_600,
        ])
    func ch341RateAccuracy(baud: Int) throws {
        let value = Int(try CH34xBridge.divisorRegisterValue(baud: baud))
        let prescaler = value & 0x03
        let fact = (value >> 2) & 0x01
        let divisor = 0x100 - (value >> 8)
        let actual = Double(48_000_000) / Double((1 << (12 - 3 * prescaler - fact)) * divisor)
        #expect(abs(actual - Double(baud)) / Double(baud) < 0.005, "got \(actual) for \(baud)")
        #expect(value & 0x80 != 0, "bit 7 makes the chip forward bytes before a full packet")
    }

    @Test("CH341 requests: serial init, baud registers, 8N1 LCR, DTR+RTS")
    func ch341Requests() throws {
        let requests = try CH34xBridge().lineCodingRequests(baud: 57_600)
        #expect(
            requests == [
                USBControlRequest(requestType: 0x40, request: 0xA1, value: 0x0000, index: 0x0000),
                USBControlRequest(requestType: 0x40, request: 0x9A, value: 0x1312, index: 0x9883),
                USBControlRequest(requestType: 0x40, request: 0x9A, value: 0x2518, index: 0x00C3),
                USBControlRequest(requestType: 0x40, request: 0xA4, value: 0xFF9F, index: 0x0000),
            ])
    }

    // CP210x

    @Test("CP210x requests: enable, 57600 as 4 little-endian bytes, 8N1")
    func cp210xRequests() throws {
        let requests = try CP210xBridge().lineCodingRequests(baud: 57_600)
        #expect(
            requests == [
                USBControlRequest(requestType: 0x41, request: 0x00, value: 0x0001, index: 0),
                USBControlRequest(
                    requestType: 0x41, request: 0x1E, value: 0, index: 0, data: [0x00, 0xE1, 0x00, 0x00]),
                USBControlRequest(requestType: 0x41, request: 0x03, value: 0x0800, index: 0),
            ])
        #expect(requests[1].setupPacket == [0x41, 0x1E, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00])
    }

    @Test("CP210x addresses the interface it was given and encodes large rates")
    func cp210xInterfaceAndLargeRate() throws {
        let requests = try CP210xBridge(interface: 1).lineCodingRequests(baud: 921_600)
        #expect(requests.allSatisfy { $0.index == 1 })
        #expect(requests[1].data == [0x00, 0x10, 0x0E, 0x00])
    }

    // FTDI

    @Test(
        "FTDI FT232R divisors match the 232BM encoding",
        arguments: [
            (57_600, 0xC034), (9_600, 0x4138), (115_200, 0x001A), (38_400, 0xC04E), (3_000_000, 0), (2_000_000, 1),
        ])
    func ftdiDivisor(baud: Int, expected: Int) throws {
        #expect(try FTDIBridge.divisor(baud: baud) == UInt32(expected))
    }

    @Test("FTDI requests: reset, baud divisor split over wValue/wIndex, 8N1 data")
    func ftdiRequests() throws {
        let requests = try FTDIBridge().lineCodingRequests(baud: 57_600)
        #expect(
            requests == [
                USBControlRequest(requestType: 0x40, request: 0x00, value: 0, index: 0),
                USBControlRequest(requestType: 0x40, request: 0x03, value: 0xC034, index: 0),
                USBControlRequest(requestType: 0x40, request: 0x04, value: 0x0008, index: 0),
            ])
        // 300 baud: 80000 eighths → divisor 10000 = 0x2710, no fraction; 1200 → 0x9C4.
        #expect(try FTDIBridge().lineCodingRequests(baud: 300)[1].value == 0x2710)
    }

    @Test("FTDI status bytes are stripped from every packet of a transfer")
    func ftdiStripping() {
        let packet1: [UInt8] = [0x31, 0x60] + Array(0..<62)
        let packet2: [UInt8] = [0x31, 0x60] + Array(62..<124)
        let packet3: [UInt8] = [0x31, 0x60, 200, 201, 202]
        let stripped = FTDIBridge.stripStatusBytes(packet1 + packet2 + packet3, packetSize: 64)
        #expect(stripped == Array(0..<124) + [200, 201, 202])
        #expect(FTDIBridge.stripStatusBytes([0x31, 0x60], packetSize: 64).isEmpty)
        #expect(FTDIBridge.stripStatusBytes([0x31, 0x60, 0x31, 0x60], packetSize: 2).isEmpty)
        #expect(FTDIBridge().payload(ofTransfer: [0x31, 0x60, 7], maxPacketSize: 64) == [7])
    }

    @Test("bridges without framing pass IN data through")
    func passThrough() {
        #expect(CH34xBridge().payload(ofTransfer: [1, 2, 3], maxPacketSize: 32) == [1, 2, 3])
        #expect(CP210xBridge().payload(ofTransfer: [1, 2, 3], maxPacketSize: 64) == [1, 2, 3])
    }

    @Test("out-of-range baud rates are rejected with the supported range", arguments: [0, -9_600, 45, 3_000_001])
    func unsupportedBaud(baud: Int) {
        #expect(throws: SerialBridgeError.unsupportedBaud(baud, bridge: "CH340/CH341", supported: 46...3_000_000)) {
            try CH34xBridge().lineCodingRequests(baud: baud)
        }
        #expect(throws: SerialBridgeError.self) { try CP210xBridge().lineCodingRequests(baud: baud) }
        #expect(throws: SerialBridgeError.self) { try FTDIBridge().lineCodingRequests(baud: baud) }
    }

    @Test("the bridge for each table kind")
    func bridgeForKind() {
        #expect(SerialBridges.bridge(for: .nativeZFM) == nil)
        #expect(SerialBridges.bridge(for: .ch34x)?.kind == .ch34x)
        #expect(SerialBridges.bridge(for: .cp210x)?.kind == .cp210x)
        #expect(SerialBridges.bridge(for: .ftdi)?.kind == .ftdi)
    }
}
