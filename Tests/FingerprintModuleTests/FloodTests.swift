import FingerprintModule
import FingerprintModuleSim
import Testing

/// A device that streams without end, and a link buffer that fills while nobody reads.
@Suite("Floods and overflows: specific errors, no hang, the next command works")
struct FloodTests {
    @Test("a flooding module fails the next command with .inputFlood before it is sent", arguments: Transport.allCases)
    func floodingModule(transport: Transport) async throws {
        let budget = ZFMBudget.default
        try await withRig(transport) { (rig: Rig) async throws in
            #expect(try await rig.module.templateCount() == 0)
            rig.sim.inject(.flood([0x55, 0xAA]))
            await #expect(
                throws: ZFMError.inputFlood(
                    .templateNum, reads: budget.maxDrainReads, discardedBytes: budget.maxDrainReads * 4096,
                    maxReads: budget.maxDrainReads, maxBytes: budget.maxDrainBytes)
            ) {
                try await rig.module.templateCount()
            }
            #expect(rig.sim.count(of: .templateNum) == 1, "the command was not sent into the flood")
            rig.sim.clearFaults()
            #expect(try await rig.module.templateCount() == 0)
            #expect(rig.sim.count(of: .templateNum) == 2)
        }
    }

    @Test("a flood of valid packets is stale input too")
    func floodOfPackets() async throws {
        let budget = ZFMBudget.default
        try await withRig { (rig: Rig) async throws in
            rig.sim.inject(.flood(ZFMPacket(kind: .acknowledge, payload: [0x00, 0x00, 0x09]).encoded()))
            await #expect(
                throws: ZFMError.inputFlood(
                    .templateNum, reads: budget.maxDrainReads, discardedBytes: budget.maxDrainReads * 4096,
                    maxReads: budget.maxDrainReads, maxBytes: budget.maxDrainBytes)
            ) {
                try await rig.module.templateCount()
            }
            #expect(rig.sim.count(of: .templateNum) == 0)
            rig.sim.clearFaults()
            #expect(try await rig.module.templateCount() == 0, "a flooded acknowledge never answers a later command")
        }
    }

    @Test("an upload larger than the link's receive budget is an overflow, retried once; later reads work")
    func receiveBufferOverflow() async throws {
        let sim = SimulatedZFMModule()
        let limit = 1000
        let pair = InProcessLinkPair(budget: ByteInboxBudget(maxBufferedBytes: limit))
        let server = Task { await sim.serve(pair.device) }
        let module = ZFMModule(link: pair.host)
        sim.place(alice)
        #expect(try await module.genImg())
        // The simulator sends the acknowledge and 576 data packets of 128 bytes (139 on the wire) in one write.
        let reply = 12 + ZFMImage.pixelCount / 128 * 139
        await #expect(throws: ZFMError.inputOverflow(.upImage, limit: limit, discardedBytes: reply)) {
            try await module.upImage()
        }
        #expect(sim.count(of: .upImage) == 2)
        #expect(try await module.templateCount() == 0)
        await module.close()
        await server.value
    }
}
