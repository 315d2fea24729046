/// A UART wire between two ends that may disagree on baud rate or frame format: the sender's frames
/// are drawn as line levels and the receiver samples them with its own timing, the way real UART
/// hardware does. Matching settings give the bytes back unchanged; a wrong baud rate gives the
/// garbage (or nothing) a real receiver would produce.
public enum UARTWire {
    /// The bytes a receiver configured as `receiver` decodes from `bytes` sent as `sender`.
    public static func transmit(_ bytes: [UInt8], sender: UARTLineCoding, receiver: UARTLineCoding) -> [UInt8] {
        guard !bytes.isEmpty, sender.baudRate > 0, receiver.baudRate > 0 else { return [] }
        let line = levels(of: bytes, as: sender)
        // Sample times are measured in sender half-bits.
        let receiverBit = 2 * Double(sender.baudRate) / Double(receiver.baudRate)
        let parityBits = receiver.parity == .none ? 0 : 1
        var output: [UInt8] = []
        var searchFrom = 1
        while let edge = nextFallingEdge(in: line, from: searchFrom) {
            let start = Double(edge)
            // A real receiver re-checks the start bit in its middle; a glitch is ignored.
            if level(line, at: start + receiverBit / 2) {
                searchFrom = edge + 1
                continue
            }
            var value: UInt8 = 0
            for bit in 0..<receiver.dataBits where level(line, at: start + (1.5 + Double(bit)) * receiverBit) {
                value |= 1 << UInt8(bit)
            }
            // The byte is delivered even on a parity or framing error, as the bridges do.
            output.append(value)
            let stopSample = start + (1.5 + Double(receiver.dataBits + parityBits)) * receiverBit
            searchFrom = max(edge + 1, Int(stopSample.rounded(.up)))
        }
        return output
    }

    /// Line level per sender half-bit (true = mark/idle), one idle half-bit first.
    private static func levels(of bytes: [UInt8], as coding: UARTLineCoding) -> [Bool] {
        var line: [Bool] = [true]
        line.reserveCapacity(1 + bytes.count * 24)
        func bit(_ value: Bool) {
            line.append(value)
            line.append(value)
        }
        for byte in bytes {
            bit(false)
            var ones = 0
            for index in 0..<coding.dataBits {
                let one = byte & (1 << UInt8(index)) != 0
                if one { ones += 1 }
                bit(one)
            }
            switch coding.parity {
            case .none: break
            case .odd: bit(ones % 2 == 0)
            case .even: bit(ones % 2 == 1)
            case .mark: bit(true)
            case .space: bit(false)
            }
            line += Array(repeating: true, count: coding.stopBits.halfBits)
        }
        return line
    }

    private static func level(_ line: [Bool], at time: Double) -> Bool {
        let index = Int(time.rounded(.down))
        return index < 0 || index >= line.count ? true : line[index]
    }

    private static func nextFallingEdge(in line: [Bool], from index: Int) -> Int? {
        var position = max(index, 1)
        while position < line.count {
            if !line[position] && line[position - 1] { return position }
            position += 1
        }
        return nil
    }
}
