import FingerprintModuleSim
import Testing
import USBDeviceSim

@testable import module_gadget

/// What module-gadget writes to FunctionFS and how it reads ep0, checked without a kernel (tier 1);
/// tier 3 (KernelTests) runs the same code against the VM's usb_f_fs.
@Suite("module-gadget: FunctionFS blobs, ep0 events, bulk pieces")
struct FunctionFSLayoutTests {
    static func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    @Test("descriptors: magic v2, length, FS+HS counts; ALL_CTRL_RECIP only for bridges; 512-byte HS bulk")
    func descriptors() {
        let ch340 = FunctionFSBlobs.descriptors(.ch340)
        #expect(Self.le32(ch340, 0) == 3)
        #expect(Self.le32(ch340, 4) == UInt32(ch340.count))
        #expect(Self.le32(ch340, 8) == 1 | 2 | 64)
        #expect(Self.le32(ch340, 12) == 4 && Self.le32(ch340, 16) == 4, "interface + 3 endpoints per speed")
        #expect(ch340.count == 20 + 2 * (9 + 3 * 7))
        // Full speed: the CH340's 32-byte bulk packets; high speed: 512.
        let fullSpeedBulkIn = Array(ch340[29..<36])
        #expect(fullSpeedBulkIn == [7, 5, 0x82, 2, 32, 0, 0])
        let highSpeedBulkIn = Array(ch340[(20 + 30 + 9)..<(20 + 30 + 16)])
        #expect(highSpeedBulkIn == [7, 5, 0x82, 2, 0x00, 0x02, 0])
        #expect(Self.le32(FunctionFSBlobs.descriptors(.native(.full)), 8) == 1 | 2)
    }

    @Test("strings: none for native and CH340, the interface string for a CP2102")
    func strings() {
        #expect(FunctionFSBlobs.strings(.native(.full)) == [2, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        let cp210x = FunctionFSBlobs.strings(.cp210x)
        #expect(Self.le32(cp210x, 4) == UInt32(cp210x.count))
        #expect(Self.le32(cp210x, 8) == 1 && Self.le32(cp210x, 12) == 1)
        #expect(Array(cp210x[16..<18]) == [0x09, 0x04])
        #expect(cp210x.last == 0)
        #expect(FunctionFSBlobs.descriptors(.cp210x)[20 + 8] == 1, "iInterface points at it")
    }

    @Test("ep0 events: SETUP decoded; unknown types, short and random records never trap")
    func events() {
        let setup: [UInt8] = [0xC0, 0x5F, 0, 0, 0, 0, 2, 0, 4, 0, 0, 0]
        let enable: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0]
        #expect(
            FunctionFSEvent.decode((setup + enable)[...])
                == [.setup(USBSetupPacket(requestType: 0xC0, request: 0x5F, value: 0, index: 0, length: 2)), .enable])
        #expect(FunctionFSEvent.decode(Array(repeating: 0xEE, count: 12)[...]) == [.unknown(0xEE)])
        #expect(FunctionFSEvent.decode(Array(setup.prefix(11))[...]).isEmpty)
        var random = SystemRandomNumberGenerator()
        for length in 0..<100 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(FunctionFSEvent.decode(bytes[...]).count == length / 12)
        }
    }

    @Test("bulk IN pieces end in a short packet")
    func pieces() {
        #expect(BulkPump.pieces(Array(repeating: 1, count: 12), packetSize: 64).map(\.count) == [12])
        #expect(BulkPump.pieces(Array(repeating: 1, count: 128), packetSize: 64).map(\.count) == [127, 1])
        #expect(BulkPump.pieces(Array(repeating: 1, count: 100), packetSize: 32).map(\.count) == [100])
    }

    @Test("an OUT request with data stalls only when the chip refuses it whatever the data")
    func outRequestJudgement() {
        let function = GadgetFunction(presentation: .cp210x, module: SimulatedZFMModule())
        let setBaudRate = USBSetupPacket(requestType: 0x41, request: 0x1E, value: 0, index: 0, length: 4)
        let unknown = USBSetupPacket(requestType: 0x41, request: 0x7E, value: 0, index: 0, length: 3)
        let wrongLength = USBSetupPacket(requestType: 0x41, request: 0x13, value: 0, index: 0, length: 3)
        #expect(!function.wouldStall(setBaudRate, dataLength: 4))
        #expect(function.wouldStall(unknown, dataLength: 3))
        #expect(function.wouldStall(wrongLength, dataLength: 3), "SET_FLOW takes 16 bytes")
        #expect(function.counters.setups == 0, "judging does not count as a request")
        #expect(function.control(setBaudRate, outData: [0x00, 0xE1, 0, 0]) == .ack([]))
        #expect(function.lineCoding?.baudRate == 57_600)
    }
}
