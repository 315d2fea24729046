import FingerprintModuleSim
import Testing

@testable import USBDeviceSim

/// The UART wire and bridge register models, without umockdev.
@Suite("UART wire and bridge chip models")
struct BridgeModelTests {
    static let allBytes = (0...255).map { UInt8($0) }

    @Test("equal and near-equal baud rates pass every byte value unchanged")
    func matchingRates() {
        #expect(
            UARTWire.transmit(Self.allBytes, sender: .eightNoneOne(57_600), receiver: .eightNoneOne(57_600))
                == Self.allBytes)
        #expect(
            UARTWire.transmit(Self.allBytes, sender: .eightNoneOne(57_692), receiver: .eightNoneOne(57_600))
                == Self.allBytes)
        #expect(
            UARTWire.transmit(Self.allBytes, sender: .eightNoneOne(57_600), receiver: .eightNoneOne(58_700))
                == Self.allBytes)
    }

    @Test("a wrong baud rate garbles: too slow gives fewer wrong bytes, too fast gives different ones")
    func mismatchedRates() {
        let genImg: [UInt8] = [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x03, 0x01, 0x00, 0x05]
        let slowReceiver = UARTWire.transmit(genImg, sender: .eightNoneOne(115_200), receiver: .eightNoneOne(57_600))
        #expect(slowReceiver != genImg)
        #expect(slowReceiver.count < genImg.count)
        let fastReceiver = UARTWire.transmit(genImg, sender: .eightNoneOne(9600), receiver: .eightNoneOne(57_600))
        #expect(fastReceiver != genImg)
        #expect(!fastReceiver.starts(with: [0xEF, 0x01]))
    }

    @Test("a frame format mismatch (7E1 sender, 8N1 receiver) changes the bytes")
    func formatMismatch() {
        let sent: [UInt8] = [0x41, 0x42, 0x43]
        let received = UARTWire.transmit(
            sent, sender: UARTLineCoding(baudRate: 57_600, dataBits: 7, parity: .even),
            receiver: .eightNoneOne(57_600))
        #expect(received.count == 3)
        #expect(received != sent)
    }

    @Test("CH340 prescaler/divisor registers decode to Linux ch341's baud rates")
    func ch340Divisors() {
        var chip = CH340Chip()
        #expect(chip.baudRate == 9615, "power-on registers")
        for (value, baud) in [(UInt16(0x9883), 57_692), (0xCC83, 115_384), (0xB282, 9615), (0xD981, 2403)] {
            _ = chip.control(
                USBSetupPacket(requestType: 0x40, request: 0x9A, value: 0x1312, index: value, length: 0),
                outData: [])
            #expect(chip.baudRate == baud, "divisor \(value)")
        }
        #expect(chip.transmitCoding == nil, "not initialised")
        _ = chip.control(USBSetupPacket(requestType: 0x40, request: 0xA1, value: 0, index: 0, length: 0), outData: [])
        #expect(chip.transmitCoding != nil)
        _ = chip.control(
            USBSetupPacket(requestType: 0x40, request: 0x9A, value: 0x2518, index: 0x1F, length: 0),
            outData: [])
        #expect(chip.lineCoding == UARTLineCoding(baudRate: 2403, dataBits: 8, parity: .even, stopBits: .two))
        #expect(chip.transmitCoding == nil && chip.receiveCoding == nil, "LCR without the RX/TX enable bits")
        #expect(
            chip.control(
                USBSetupPacket(requestType: 0x40, request: 0x77, value: 0, index: 0, length: 0),
                outData: []) == .stall)
    }

    @Test("CP210x SET_LINE_CTL words decode; out-of-range fields are refused")
    func cp210xLineControl() {
        #expect(CP210xChip.decodeLineControl(0x0800, baudRate: 57_600) == .eightNoneOne(57_600))
        #expect(
            CP210xChip.decodeLineControl(0x0712, baudRate: 9600)
                == UARTLineCoding(baudRate: 9600, dataBits: 7, parity: .odd, stopBits: .two))
        #expect(CP210xChip.decodeLineControl(0x0900, baudRate: 9600) == nil)
        #expect(CP210xChip.decodeLineControl(0x0850, baudRate: 9600) == nil)
        #expect(CP210xChip.decodeLineControl(0x0803, baudRate: 9600) == nil)
    }

    @Test("configuration descriptors carry their real total length")
    func descriptorLengths() {
        for presentation in [USBPresentation.native(.full), .native(.high), .ch340, .cp210x] {
            let config = presentation.configurationDescriptor
            #expect(Int(config[2]) | Int(config[3]) << 8 == config.count, "\(presentation)")
            #expect(presentation.deviceDescriptor.count == 18)
        }
    }
}
