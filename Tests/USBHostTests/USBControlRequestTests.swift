import Testing
import USBHost

@Suite("USBControlRequest")
struct USBControlRequestTests {
    @Test("an IN request's setup packet carries its read length; an OUT request's its data length")
    func setupPackets() {
        let version = USBControlRequest(requestType: 0xC0, request: 0x5F, value: 0, index: 0, readLength: 2)
        #expect(version.isDeviceToHost)
        #expect(version.setupPacket == [0xC0, 0x5F, 0, 0, 0, 0, 0x02, 0x00])
        let write = USBControlRequest(requestType: 0x40, request: 0x9A, value: 0x1312, index: 0x9883, data: [1, 2, 3])
        #expect(!write.isDeviceToHost)
        #expect(write.setupPacket == [0x40, 0x9A, 0x12, 0x13, 0x83, 0x98, 0x03, 0x00])
        #expect(write.description.contains("request 0x9a") && write.description.contains("value 0x1312"))
    }
}
