import FingerprintModule
import Testing

@Suite("ZFM packet codec")
struct PacketCodecTests {
    static let workedExamples: [(String, ZFMPacket, String)] = [
        ("GenImg", ZFMPacket(kind: .command, payload: [0x01]), "EF01 FFFFFFFF 01 0003 01 0005"),
        ("ack OK", ZFMPacket(kind: .acknowledge, payload: [0x00]), "EF01 FFFFFFFF 07 0003 00 000A"),
        ("ack no finger", ZFMPacket(kind: .acknowledge, payload: [0x02]), "EF01 FFFFFFFF 07 0003 02 000C"),
        ("Img2Tz(1)", ZFMPacket(kind: .command, payload: [0x02, 0x01]), "EF01 FFFFFFFF 01 0004 02 01 0008"),
        ("RegModel", ZFMPacket(kind: .command, payload: [0x05]), "EF01 FFFFFFFF 01 0003 05 0009"),
        (
            "Store(1,3)", ZFMPacket(kind: .command, payload: [0x06, 0x01, 0x00, 0x03]),
            "EF01 FFFFFFFF 01 0006 06 01 0003 0011"
        ),
        ("UpChar(1)", ZFMPacket(kind: .command, payload: [0x08, 0x01]), "EF01 FFFFFFFF 01 0004 08 01 000E"),
    ]

    @Test("encodes the spec's worked bytes", arguments: workedExamples.indices)
    func encodesWorkedBytes(index: Int) {
        let (name, packet, hex) = Self.workedExamples[index]
        #expect(packet.encoded() == bytes(hex), "\(name)")
    }

    @Test("decodes the spec's worked bytes", arguments: workedExamples.indices)
    func decodesWorkedBytes(index: Int) throws {
        let (name, packet, hex) = Self.workedExamples[index]
        #expect(try ZFMPacket.decode(bytes(hex)) == packet, "\(name)")
    }

    @Test("round-trips every kind, address and payload size")
    func roundTrips() throws {
        for kind in [ZFMPacketKind.command, .data, .acknowledge, .endOfData] {
            for size in [1, 2, 31, 128, 256] {
                let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ Int(kind.rawValue)) }
                let packet = ZFMPacket(address: 0x1234_5678, kind: kind, payload: payload)
                #expect(try ZFMPacket.decode(packet.encoded(), expectedAddress: 0x1234_5678) == packet)
            }
        }
    }

    @Test("skips garbage before the header and between packets")
    func resynchronises() throws {
        var decoder = ZFMPacketDecoder()
        let ok = bytes("EF01 FFFFFFFF 07 0003 00 000A")
        let noFinger = bytes("EF01 FFFFFFFF 07 0003 02 000C")
        decoder.feed([0x00, 0xEF, 0x13, 0x37, 0x01] + ok + [0xEF, 0xEF, 0x42] + noFinger)
        #expect(try decoder.nextPacket()?.payload == [0x00])
        #expect(try decoder.nextPacket()?.payload == [0x02])
        #expect(try decoder.nextPacket() == nil)
        #expect(decoder.discardedByteCount == 8)
        #expect(decoder.pendingByteCount == 0)
    }

    @Test("noise past the resync budget is reported once, even fed a byte at a time; decoding then continues")
    func resyncBudget() throws {
        for chunkSize in [1, 7, 5000] {
            var decoder = ZFMPacketDecoder(maxResyncBytes: 100)
            let noise = [UInt8](repeating: 0x55, count: 150)
            var reported: [ZFMError] = []
            var packets: [ZFMPacket] = []
            let stream = noise + bytes("EF01 FFFFFFFF 07 0003 00 000A")
            var offset = 0
            while offset < stream.count {
                decoder.feed(stream[offset..<min(offset + chunkSize, stream.count)])
                offset += chunkSize
                while true {
                    do {
                        guard let packet = try decoder.nextPacket() else { break }
                        packets.append(packet)
                    } catch {
                        reported.append(error)
                    }
                }
            }
            #expect(reported == [.resyncBudgetExceeded(skippedBytes: 101, budget: 100)], "chunk size \(chunkSize)")
            #expect(packets.map(\.payload) == [[0x00]], "chunk size \(chunkSize)")
            #expect(decoder.discardedByteCount == 150)
        }
    }

    @Test("assembles packets split across arbitrary reads")
    func splitReads() throws {
        let stream =
            ZFMPacket(kind: .data, payload: Array(0..<128)).encoded()
            + bytes("EF01 FFFFFFFF 07 0003 00 000A")
        for chunkSize in [1, 2, 5, 9, 64] {
            var decoder = ZFMPacketDecoder()
            var packets: [ZFMPacket] = []
            var offset = 0
            while offset < stream.count {
                decoder.feed(stream[offset..<min(offset + chunkSize, stream.count)])
                offset += chunkSize
                while let packet = try decoder.nextPacket() { packets.append(packet) }
            }
            #expect(packets.map(\.kind) == [.data, .acknowledge], "chunk size \(chunkSize)")
            #expect(packets.first?.payload == Array(0..<128))
        }
    }

    @Test("rejects a bad checksum, naming both values, then continues")
    func badChecksum() throws {
        var decoder = ZFMPacketDecoder()
        decoder.feed(bytes("EF01 FFFFFFFF 07 0003 00 000B") + bytes("EF01 FFFFFFFF 07 0003 02 000C"))
        #expect(throws: ZFMError.badChecksum(expected: 0x000A, received: 0x000B)) { try decoder.nextPacket() }
        #expect(try decoder.nextPacket()?.payload == [0x02])
        #expect(ZFMError.badChecksum(expected: 0x000A, received: 0x000B).description.contains("expected 0x000A"))
    }

    @Test("rejects a packet from another address")
    func wrongAddress() throws {
        var decoder = ZFMPacketDecoder(expectedAddress: 0xFFFF_FFFF)
        decoder.feed(ZFMPacket(address: 0x0102_0304, kind: .acknowledge, payload: [0]).encoded())
        #expect(throws: ZFMError.wrongAddress(expected: 0xFFFF_FFFF, received: 0x0102_0304)) {
            try decoder.nextPacket()
        }
        #expect(decoder.pendingByteCount == 0)
    }

    @Test("reports a truncated packet with expected and received sizes")
    func truncated() {
        let ack = bytes("EF01 FFFFFFFF 07 0003 00 000A")
        #expect(throws: ZFMError.truncated(expectedBytes: 12, receivedBytes: 7)) {
            try ZFMPacket.decode(Array(ack.prefix(7)))
        }
        #expect(throws: ZFMError.truncated(expectedBytes: 12, receivedBytes: 11)) {
            try ZFMPacket.decode(Array(ack.prefix(11)))
        }
        #expect(throws: ZFMError.trailingBytes(count: 1)) { try ZFMPacket.decode(ack + [0x00]) }
    }

    @Test("rejects impossible lengths and unknown packet identifiers")
    func impossibleLengthAndPID() throws {
        var decoder = ZFMPacketDecoder()
        decoder.feed(bytes("EF01 FFFFFFFF 07 0F00 00 000A"))
        #expect(throws: ZFMError.impossibleLength(received: 0x0F00, allowed: 3...258)) { try decoder.nextPacket() }
        decoder.reset()
        decoder.feed(bytes("EF01 FFFFFFFF 07 0002 0009"))
        #expect(throws: ZFMError.impossibleLength(received: 2, allowed: 3...258)) { try decoder.nextPacket() }
        decoder.reset()
        decoder.feed(bytes("EF01 FFFFFFFF 05 0003 00 0008") + bytes("EF01 FFFFFFFF 07 0003 00 000A"))
        #expect(throws: ZFMError.unknownPacketIdentifier(0x05)) { try decoder.nextPacket() }
        #expect(try decoder.nextPacket()?.kind == .acknowledge)
    }

    @Test("decodes a 16-byte ReadSysPara block and rejects a short one")
    func systemParameters() throws {
        let parameters = ZFMSystemParameters(
            statusRegister: 0b1000, systemID: 9, librarySize: 300, securityLevel: 3,
            address: 0xFFFF_FFFF, packetSizeCode: 2, baudMultiplier: 6)
        let encoded = parameters.encoded()
        #expect(encoded == bytes("0008 0009 012C 0003 FFFFFFFF 0002 0006"))
        let decoded = try ZFMSystemParameters(parsing: encoded)
        #expect(decoded == parameters)
        #expect(decoded.packetSize == 128)
        #expect(decoded.baudRate == 57600)
        #expect(throws: ZFMError.malformedReply(.readSysPara, field: "parameters", expected: "16 bytes, got 15")) {
            try ZFMSystemParameters(parsing: encoded.dropLast())
        }
    }
}
