import FingerprintModule
import FingerprintModuleSim
import Testing

@Suite("AuraLedConfig (0x35)")
struct AuraLEDTests {
    @Test("the driver sets the ring LED; the simulator records it and logs an event")
    func happyPath() async throws {
        try await withRig { (rig: Rig) async throws in
            #expect(rig.sim.auraLED == nil)
            try await rig.module.auraLedConfig(control: .breathing, speed: 100, colour: .purple, count: 3)
            #expect(rig.sim.auraLED == ZFMAuraLEDState(control: .breathing, speed: 100, colour: .purple, count: 3))
            try await rig.module.auraLedConfig(control: .off, speed: 0, colour: .red, count: 0)
            #expect(rig.sim.auraLED?.control == .off)
            let events = rig.sim.eventLog().filter { $0.instruction == .auraLedConfig }
            #expect(events.count == 2)
            #expect(events.first?.confirmation == .ok)
            #expect(events.first?.detail.contains("breathing purple") == true)
        }
    }

    @Test(
        "invalid control or colour bytes are refused with 0x1A and change nothing",
        arguments: [
            [0x35, 0, 10, 1, 0], [0x35, 7, 10, 1, 0], [0x35, 1, 10, 0, 0], [0x35, 1, 10, 8, 0],
        ] as [[UInt8]])
    func invalidValues(payload: [UInt8]) throws {
        let sim = SimulatedZFMModule()
        let reply = sim.receive(ZFMPacket(kind: .command, payload: payload).encoded())
        #expect(try firstAck(reply).payload == [0x1A])
        #expect(sim.auraLED == nil)
        let short = sim.receive(ZFMPacket(kind: .command, payload: [0x35, 1, 10]).encoded())
        #expect(try firstAck(short).payload == [0x01], "three parameter bytes instead of four")
    }

    @Test("a module without a ring LED answers 0x01; the driver reports the instruction as unsupported")
    func unsupported() async throws {
        try await withRig(sim: .init(supportsAuraLED: false)) { (rig: Rig) async throws in
            await #expect(throws: ZFMError.instructionNotSupported(.auraLedConfig)) {
                try await rig.module.auraLedConfig(control: .on, speed: 0, colour: .blue, count: 0)
            }
            #expect(rig.sim.auraLED == nil)
            #expect(rig.sim.eventLog().last?.confirmation == .packetError)
            #expect(
                ZFMError.instructionNotSupported(.auraLedConfig).description
                    == "AuraLedConfig: instruction not supported by this module")
        }
    }
}
