import FingerprintModule
import FingerprintModuleSim
import Testing

@Suite("UART line model: bytes sent at one speed, read at another")
struct UARTLineModelTests {
    @Test("equal speeds pass every byte through unchanged")
    func sameSpeed() {
        let all = (0...255).map { UInt8($0) }
        #expect(UARTLineModel.received(all, sentAt: 57600, readAt: 57600) == all)
    }

    @Test("0xFF sent at 9600 and read at 19200: the long start bit fills data bit 0")
    func fasterReceiver() {
        #expect(UARTLineModel.received([0xFF], sentAt: 9600, readAt: 19200) == [0xFE])
    }

    @Test("0x00 sent at 19200 and read at 9600: the stop bit and idle line fill the upper bits")
    func slowerReceiver() {
        #expect(UARTLineModel.received([0x00], sentAt: 19200, readAt: 9600) == [0xF8])
    }

    @Test("a ReadSysPara command at 115200 is no packet to a module at 57600")
    func garbledCommand() {
        let command = ZFMPacket(kind: .command, payload: [ZFMInstruction.readSysPara.rawValue]).encoded()
        let received = UARTLineModel.received(command, sentAt: 115_200, readAt: 57600)
        #expect(received != command)
        #expect(!received.isEmpty)
        var decoder = ZFMPacketDecoder(expectedAddress: nil)
        decoder.feed(received)
        #expect((try? decoder.nextPacket()) == nil)
    }

    @Test("a dead line (speed 0) delivers nothing")
    func noSpeed() {
        #expect(UARTLineModel.received([1, 2, 3], sentAt: 0, readAt: 57600).isEmpty)
    }
}
