import FingerprintModule
import Testing

/// Crafted module replies: every one gives a specific error, nothing hangs, and the next command works.
@Suite("ZFM driver: hostile replies")
struct HostileReplyTests {
    static let budget = ZFMBudget.default

    /// A driver on a scripted link; `body` gets both.
    func withScript(_ body: (ZFMModule, ScriptedModuleLink) async throws -> Void) async throws {
        let link = ScriptedModuleLink()
        let module = ZFMModule(link: link)
        try await body(module, link)
        await module.close()
    }

    /// The next command (TemplateNum) is answered and returns the count the script gives.
    func nextCommandWorks(_ module: ZFMModule, _ link: ScriptedModuleLink) async throws {
        link.reply(ack(0x00, [0x00, 0x07]))
        #expect(try await module.templateCount() == 7)
    }

    @Test("a LEN field of 0 or 0xFFFF is an impossible length; the next command works")
    func extremeLengthFields() async throws {
        for length: UInt16 in [0x0000, 0x0001, 0x0002, 0x0103, 0xFFFF] {
            try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
                link.reply([0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0])
                await #expect(
                    throws: ZFMError.impossibleLength(received: Int(length), allowed: ZFMPacket.allowedLengthField)
                ) {
                    try await module.templateCount()
                }
                try await nextCommandWorks(module, link)
            }
        }
    }

    @Test("line noise holding a false EF 01 header before the reply: an idempotent command is repeated and succeeds")
    func falseHeaderInNoise() async throws {
        let falseHeaders: [[UInt8]] = [
            [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0xFF, 0xFF],  // impossible LEN
            [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x5A, 0x00, 0x03],  // unknown packet identifier
        ]
        for falseHeader in falseHeaders {
            try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
                link.reply([0x13, 0x37] + falseHeader + ack(0x00, [0x00, 0x07]))
                link.reply(ack(0x00, [0x00, 0x07]))
                #expect(try await module.templateCount() == 7)
                #expect(link.commands.count == 2)
                try await nextCommandWorks(module, link)
            }
        }
    }

    @Test("packet identifiers other than 01, 02, 07, 08 are refused by value; the next command works")
    func bogusPacketIdentifiers() async throws {
        for pid: UInt8 in [0x00, 0x03, 0x09, 0xEF, 0xFF] {
            try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
                link.reply([0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, pid, 0x00, 0x03, 0x00, 0x00, 0x0A])
                await #expect(throws: ZFMError.unknownPacketIdentifier(pid)) { try await module.templateCount() }
                try await nextCommandWorks(module, link)
            }
        }
    }

    @Test("a command (01) packet where an acknowledge belongs is an unexpected packet")
    func commandInsteadOfAcknowledge() async throws {
        try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
            link.reply(ZFMPacket(kind: .command, payload: [0x1D]).encoded())
            await #expect(
                throws: ZFMError.unexpectedPacket(.templateNum, expected: "an acknowledge (07)", received: .command)
            ) {
                try await module.templateCount()
            }
            try await nextCommandWorks(module, link)
        }
    }

    @Test("endless data packets without an end packet exceed the transfer budget; the next command works")
    func endlessUpload() async throws {
        let budget = Self.budget
        // UpChar in the smallest packets: the packet budget is reached first (exactly one image of them fits).
        try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
            link.reply(ack(), thenEndlessly: dataPacket(32))
            await #expect(
                throws: ZFMError.transferBudgetExceeded(
                    .upChar, packets: budget.maxDataPackets + 1, bytes: (budget.maxDataPackets + 1) * 32,
                    maxPackets: budget.maxDataPackets, maxBytes: budget.maxTransferBytes)
            ) {
                try await module.upChar(.one)
            }
            link.stopStreaming()
            try await nextCommandWorks(module, link)
        }
        // UpImage in the largest packets: the byte budget is reached first.
        try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
            link.reply(ack(), thenEndlessly: dataPacket(256))
            let fitting = budget.maxTransferBytes / 256
            await #expect(
                throws: ZFMError.transferBudgetExceeded(
                    .upImage, packets: fitting + 1, bytes: (fitting + 1) * 256,
                    maxPackets: budget.maxDataPackets, maxBytes: budget.maxTransferBytes)
            ) {
                try await module.upImage()
            }
            link.stopStreaming()
            try await nextCommandWorks(module, link)
        }
    }

    @Test("a configured budget is the one enforced")
    func configuredBudget() async throws {
        let small = ZFMBudget(
            maxResyncBytes: 16, maxDataPackets: 3, maxTransferBytes: 1000, maxDrainReads: 2, maxDrainBytes: 100)
        let link = ScriptedModuleLink()
        let module = ZFMModule(link: link, configuration: .init(budget: small))
        link.reply(ack() + dataPacket(32) + dataPacket(32) + dataPacket(32) + dataPacket(32, kind: .endOfData))
        await #expect(
            throws: ZFMError.transferBudgetExceeded(
                .upChar, packets: 4, bytes: 128, maxPackets: 3, maxBytes: 1000)
        ) {
            try await module.upChar(.one)
        }
        link.reply([], thenEndlessly: [0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55])
        await #expect(throws: ZFMError.resyncBudgetExceeded(skippedBytes: 17, budget: 16)) {
            try await module.templateCount()
        }
        await #expect(
            throws: ZFMError.inputFlood(.templateNum, reads: 2, discardedBytes: 16, maxReads: 2, maxBytes: 100)
        ) {
            try await module.templateCount()
        }
        link.stopStreaming()
        try await nextCommandWorks(module, link)
        await module.close()
    }

    @Test("endless stale data packets before the acknowledge exceed the packet budget")
    func endlessStalePackets() async throws {
        let budget = Self.budget
        try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
            link.reply([], thenEndlessly: dataPacket(32))
            await #expect(
                throws: ZFMError.transferBudgetExceeded(
                    .templateNum, packets: budget.maxDataPackets + 1, bytes: (budget.maxDataPackets + 1) * 32,
                    maxPackets: budget.maxDataPackets, maxBytes: budget.maxTransferBytes)
            ) {
                try await module.templateCount()
            }
            link.stopStreaming()
            try await nextCommandWorks(module, link)
        }
    }

    @Test("a garbage flood without a header exceeds the resync budget; the next command works")
    func garbageFlood() async throws {
        let budget = Self.budget
        try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
            link.reply([], thenEndlessly: [UInt8](repeating: 0x55, count: 1000))
            await #expect(
                throws: ZFMError.resyncBudgetExceeded(
                    skippedBytes: budget.maxResyncBytes + 1, budget: budget.maxResyncBytes)
            ) {
                try await module.templateCount()
            }
            link.stopStreaming()
            try await nextCommandWorks(module, link)
        }
    }

    @Test("garbage within the resync budget before a reply is skipped")
    func garbageWithinBudget() async throws {
        try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
            link.reply([UInt8](repeating: 0xEF, count: Self.budget.maxResyncBytes) + ack(0x00, [0x01, 0x2C]))
            #expect(try await module.templateCount() == 300)
        }
    }

    @Test("a device that floods before a command fails it with .inputFlood unsent; the next one drains and runs")
    func floodBeforeCommand() async throws {
        let budget = Self.budget
        try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
            link.reply(ack(0x00, [0x00, 0x01]), thenEndlessly: [UInt8](repeating: 0x00, count: 4096))
            #expect(try await module.templateCount() == 1)
            let sent = link.commands.count
            await #expect(
                throws: ZFMError.inputFlood(
                    .templateNum, reads: budget.maxDrainReads, discardedBytes: budget.maxDrainReads * 4096,
                    maxReads: budget.maxDrainReads, maxBytes: budget.maxDrainBytes)
            ) {
                try await module.templateCount()
            }
            #expect(link.commands.count == sent, "nothing is sent into a flood")
            link.stopStreaming()
            try await nextCommandWorks(module, link)
        }
    }

    @Test("reply bodies of the wrong length are malformed replies naming the field")
    func wrongBodyLengths() async throws {
        try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
            link.reply(ack(0x00, [UInt8](repeating: 0xFF, count: 254)))
            await #expect(
                throws: ZFMError.malformedReply(.templateNum, field: "template count", expected: "2 bytes, got 254")
            ) {
                try await module.templateCount()
            }
            link.reply(ack(0x00, [0xFF]))
            await #expect(
                throws: ZFMError.malformedReply(.readIndexTable, field: "index bitmap", expected: "32 bytes, got 1")
            ) {
                try await module.readIndexTable(indexPage: 3)
            }
            link.reply(ack(0x00, []))
            await #expect(throws: ZFMError.malformedReply(.match, field: "score", expected: "2 bytes, got 0")) {
                try await module.match()
            }
            try await nextCommandWorks(module, link)
        }
    }

    @Test("values at the top of their fields are read without overflow")
    func extremeValues() async throws {
        try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
            link.reply(ack(0x00, [0xFF, 0xFF]))
            #expect(try await module.templateCount() == 65535)
            link.reply(ack(0x00, [0xFF, 0xFF, 0xFF, 0xFF]))
            #expect(
                try await module.search(.one, startPage: 0, pageCount: 65535) == ZFMSearchHit(page: 65535, score: 65535)
            )
            link.reply(ack(0x00, [UInt8](repeating: 0xFF, count: 32)))
            let pages = try await module.readIndexTable(indexPage: 3)
            #expect(pages.count == 256 && pages.first == 768 && pages.last == 1023)
            link.reply(ack(0x00, [0xFF, 0xFF, 0xFF, 0xFF]))
            #expect(try await module.getRandomCode() == UInt32.max)
        }
    }

    @Test("ReadSysPara fields outside what SetSysPara allows are malformed replies naming the field")
    func systemParameterExtremes() async throws {
        // status FFFF, id FFFF, library 65535 pages, level 3, address FFFFFFFF, packet code 3, baud 12: accepted.
        let top: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0, 3, 0, 12]
        let parsed = try ZFMSystemParameters(parsing: top)
        #expect(parsed.librarySize == 65535 && parsed.packetSize == 256 && parsed.baudRate == 115_200)
        let cases: [(offset: Int, value: UInt16, field: String, allowed: String)] = [
            (6, 0, "security level", "1-5"), (6, 6, "security level", "1-5"), (6, 0xFFFF, "security level", "1-5"),
            (12, 4, "packet size code", "0-3"), (12, 0xFFFF, "packet size code", "0-3"),
            (14, 0, "baud multiplier", "1-12"), (14, 13, "baud multiplier", "1-12"),
            (14, 0xFFFF, "baud multiplier", "1-12"),
        ]
        for (offset, value, field, allowed) in cases {
            var bytes = top
            bytes[offset] = UInt8(value >> 8)
            bytes[offset + 1] = UInt8(value & 0xFF)
            #expect(throws: ZFMError.malformedReply(.readSysPara, field: field, expected: "\(allowed), got \(value)")) {
                try ZFMSystemParameters(parsing: bytes)
            }
        }
        // Through the driver: the error reaches the caller and the next command works.
        try await withScript { (module: ZFMModule, link: ScriptedModuleLink) async throws in
            var bytes = top
            bytes[15] = 0
            link.reply(ack(0x00, bytes))
            await #expect(
                throws: ZFMError.malformedReply(.readSysPara, field: "baud multiplier", expected: "1-12, got 0")
            ) {
                try await module.readSysPara()
            }
            try await nextCommandWorks(module, link)
        }
    }
}
