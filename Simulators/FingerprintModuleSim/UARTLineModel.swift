/// What a UART receiver set to one speed makes of bytes sent at another: the sender's 8N1 frames
/// (start bit 0, 8 data bits LSB first, stop bit 1, sent back to back, idle high afterwards) are
/// sampled at the middle of the receiver's bit cells. Equal speeds give the bytes unchanged; a
/// mismatch gives the garbage real hardware sees. A byte whose stop bit samples low (framing
/// error) arrives as 0, as Linux delivers it in raw mode.
public enum UARTLineModel {
    /// The bytes a receiver at `receiverBaud` decodes from `bytes` sent at `senderBaud`.
    public static func received(_ bytes: [UInt8], sentAt senderBaud: Int, readAt receiverBaud: Int) -> [UInt8] {
        guard senderBaud != receiverBaud else { return bytes }
        guard senderBaud > 0, receiverBaud > 0, !bytes.isEmpty else { return [] }
        // Time unit 1 / (2 · sender · receiver) s: a sender bit lasts 2·receiver units, half a
        // receiver bit lasts sender units, so every instant used below is an integer.
        let senderBit = 2 * receiverBaud
        let receiverHalfBit = senderBaud
        let lineEnd = bytes.count * 10 * senderBit

        func level(at time: Int) -> Bool {
            guard time < lineEnd else { return true }
            let cell = time / senderBit
            let frame = bytes[cell / 10], position = cell % 10
            switch position {
            case 0: return false
            case 9: return true
            default: return frame >> (position - 1) & 1 == 1
            }
        }

        /// The first instant at or after `time` where the line is low, if any.
        func nextStart(from time: Int) -> Int? {
            var cellStart = time
            while cellStart < lineEnd {
                if !level(at: cellStart) { return cellStart }
                cellStart = (cellStart / senderBit + 1) * senderBit
            }
            return nil
        }

        var output: [UInt8] = []
        var time = 0
        while let start = nextStart(from: time) {
            var byte: UInt8 = 0
            for bit in 0..<8 where level(at: start + (2 * (bit + 1) + 1) * receiverHalfBit) {
                byte |= 1 << bit
            }
            let stopHigh = level(at: start + 19 * receiverHalfBit)
            output.append(stopHigh ? byte : 0)
            time = start + 20 * receiverHalfBit
        }
        return output
    }
}
