import FingerprintModule

/// The ZFM packet codec: the input as one packet, then as a byte stream fed to the streaming decoder in
/// chunks (the last byte sets the chunk size, as a USB or UART read would split it), every acknowledge's
/// body also parsed as ReadSysPara's parameters.
enum ZFMPacketFuzz {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        var packets = 0
        var lastError: ZFMError?
        do {
            let packet = try ZFMPacket.decode(bytes, expectedAddress: nil)
            packets += 1
            parseBody(packet)
        } catch {
            lastError = error
        }

        let chunkSize = 1 + Int(bytes.last ?? 0) % 64
        var decoder = ZFMPacketDecoder()
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunkSize, bytes.count)
            decoder.feed(bytes[offset..<end])
            offset = end
            _ = decoder.expectedLengthOfPendingPacket
            while true {
                do {
                    guard let packet = try decoder.nextPacket() else { break }
                    packets += 1
                    parseBody(packet)
                } catch {
                    lastError = error
                }
            }
        }
        if packets == 0, let lastError { return .rejected(lastError) }
        return .accepted("\(packets) packet(s), \(decoder.discardedByteCount) byte(s) skipped")
    }

    /// What the driver does with an acknowledge's body beyond its confirmation code.
    private static func parseBody(_ packet: ZFMPacket) {
        guard packet.kind == .acknowledge, !packet.payload.isEmpty else { return }
        _ = ZFMConfirmationCode(packet.payload[0]).description
        _ = try? ZFMSystemParameters(parsing: packet.payload.dropFirst())
    }
}
