/// Byte-exact ZFM packets the tests send and expect (spelled out, not built by the code under test).
enum ZFMTestPackets {
    /// GenImg command to the default address.
    static let genImg: [UInt8] = [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x03, 0x01, 0x00, 0x05]
    /// GenImg acknowledge: 02 = no finger on the sensor.
    static let noFingerAck: [UInt8] = [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x03, 0x02, 0x00, 0x0C]
    /// GenImg acknowledge: 00 = image captured.
    static let imageCapturedAck: [UInt8] = [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x03, 0x00, 0x00, 0x0A]
}

extension ZFMTestPackets {
    /// UpImage command to the default address.
    static let upImage: [UInt8] = [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x03, 0x0A, 0x00, 0x0E]
    /// UpImage acknowledge: 00 = upload follows.
    static let upImageAck: [UInt8] = [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x03, 0x00, 0x00, 0x0A]

    /// Splits a stream of data packets (PID 02, last 08) into their PIDs and payload lengths.
    static func dataPackets(in bytes: [UInt8]) -> [(pid: UInt8, payload: Int)] {
        var packets: [(UInt8, Int)] = []
        var index = 0
        while index + 9 <= bytes.count {
            let length = Int(bytes[index + 7]) << 8 | Int(bytes[index + 8])
            packets.append((bytes[index + 6], length - 2))
            index += 9 + length
        }
        return packets
    }
}
