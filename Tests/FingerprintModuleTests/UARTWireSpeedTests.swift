import FingerprintModule
import FingerprintModuleSim
import Testing

@Suite("UART wire: bytes sent at one speed, read at another")
struct UARTWireSpeedTests {
    @Test("equal speeds pass every byte through unchanged")
    func sameSpeed() {
        let all = (0...255).map { UInt8($0) }
        #expect(UARTWire.transmit(all, sender: .eightNoneOne(57600), receiver: .eightNoneOne(57600)) == all)
    }

    @Test("0xFF sent at 9600 and read at 19200: the long start bit fills data bit 0")
    func fasterReceiver() {
        #expect(UARTWire.transmit([0xFF], sender: .eightNoneOne(9600), receiver: .eightNoneOne(19200)) == [0xFE])
    }

    @Test("0x00 sent at 19200 and read at 9600: the stop bit and idle line fill the upper bits")
    func slowerReceiver() {
        #expect(UARTWire.transmit([0x00], sender: .eightNoneOne(19200), receiver: .eightNoneOne(9600)) == [0xF8])
    }

    @Test("a ReadSysPara command at 115200 is no packet to a module at 57600")
    func garbledCommand() {
        let command = ZFMPacket(kind: .command, payload: [ZFMInstruction.readSysPara.rawValue]).encoded()
        let received = UARTWire.transmit(command, sender: .eightNoneOne(115_200), receiver: .eightNoneOne(57600))
        #expect(received != command)
        #expect(!received.isEmpty)
        var decoder = ZFMPacketDecoder(expectedAddress: nil)
        decoder.feed(received)
        #expect((try? decoder.nextPacket()) == nil)
    }

    @Test("a dead line (speed 0) delivers nothing")
    func noSpeed() {
        #expect(UARTWire.transmit([1, 2, 3], sender: .eightNoneOne(0), receiver: .eightNoneOne(57600)).isEmpty)
    }
}
