import Biometrics
import ClockTesting
import FingerprintModule
import FingerprintModuleSim
import Testing

@Suite("Simulated module behaviour")
struct SimulatorTests {
    /// One command's acknowledge, decoded from the simulator's raw reply.
    func ack(_ sim: SimulatedZFMModule, _ payload: [UInt8]) throws -> ZFMPacket {
        let reply = sim.receive(ZFMPacket(kind: .command, payload: payload).encoded())
        var decoder = ZFMPacketDecoder()
        decoder.feed(reply)
        return try #require(try decoder.nextPacket())
    }

    @Test("a placement script follows the injected clock")
    func placementScript() throws {
        let clock = ManualClock(sleeping: .jumpsToDeadline)
        let sim = SimulatedZFMModule(clock: clock)
        sim.run(.presses(alice, quality: 70, press: .seconds(1), lift: .milliseconds(500), count: 2))
        let genImg: [UInt8] = [ZFMInstruction.genImg.rawValue]
        #expect(try ack(sim, genImg).payload == [0x00])
        #expect(sim.fingerOnSensor == FingerPlacement(finger: alice, quality: 70))
        clock.advance(by: .milliseconds(1200))
        #expect(try ack(sim, genImg).payload == [0x02])
        clock.advance(by: .milliseconds(400))
        #expect(try ack(sim, genImg).payload == [0x00])
        clock.advance(by: .seconds(1))
        #expect(try ack(sim, genImg).payload == [0x02])
        clock.advance(by: .seconds(60))
        #expect(try ack(sim, genImg).payload == [0x02], "the script has ended")
        sim.place(bob)
        #expect(try ack(sim, genImg).payload == [0x00], "manual placement replaces the script")
    }

    @Test("script placement maths")
    func scriptPlacement() {
        let script = FingerPlacementScript(
            steps: [.lift(duration: .seconds(1)), .press(carol, duration: .seconds(2))], repetitions: 3)
        #expect(script.totalDuration == .seconds(9))
        #expect(script.placement(at: .milliseconds(500)) == nil)
        #expect(script.placement(at: .milliseconds(1500))?.finger == carol)
        #expect(script.placement(at: .milliseconds(1500))?.quality == carol.quality)
        #expect(script.placement(at: .milliseconds(8999))?.finger == carol)
        #expect(script.placement(at: .seconds(9)) == nil)
    }

    @Test("events describe what the module saw, in order")
    func events() async throws {
        let sim = SimulatedZFMModule()
        _ = sim.receive(ZFMPacket(kind: .command, payload: [0x01]).encoded())
        sim.place(alice)
        _ = sim.receive(ZFMPacket(kind: .command, payload: [0x01]).encoded())
        var iterator = sim.events.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.description == "GenImg → 0x02 (no finger on the sensor): no finger")
        #expect(await iterator.next()?.detail == "finger placed: alice-right-index (quality 90)")
        let third = await iterator.next()
        #expect(third?.instruction == .genImg)
        #expect(third?.confirmation == .ok)
        #expect(sim.eventLog().count == 3)
    }

    @Test("low-quality presses sometimes fail Img2Tz with 06/07, deterministically per seed")
    func lowQuality() async throws {
        var outcomes: [[String]] = []
        for _ in 0..<2 {
            try await withRig(sim: .init(seed: 7)) { (rig: Rig) async throws in
                rig.sim.place(alice, quality: 10)
                var seen: [String] = []
                for _ in 0..<20 {
                    #expect(try await rig.reader.isFingerPresent())
                    switch try await rig.reader.capture() {
                    case .retry(let hint): seen.append(hint.rawValue)
                    case .sample(let sample): seen.append("q\(sample.quality)")
                    }
                }
                outcomes.append(seen)
            }
        }
        let hints = outcomes[0].filter { !$0.hasPrefix("q") }
        #expect(hints.contains("tooMessy"))
        #expect(hints.contains("tooFewFeatures"))
        #expect(hints.count < 20, "some presses still give samples")
        #expect(outcomes[0] == outcomes[1], "same seed, same presses")
        let qualities = outcomes[0].filter { $0.hasPrefix("q") }.compactMap { Int($0.dropFirst()) }
        #expect(qualities.allSatisfy { $0 < 40 }, "estimated qualities \(qualities) for a quality-10 finger")
    }

    @Test("Img2Tz without a captured image answers 15; capture() turns it into a retry")
    func noImage() async throws {
        try await withRig { (rig: Rig) async throws in
            #expect(try await rig.reader.capture() == .retry(.captureFailed))
            #expect(try await rig.reader.isFingerPresent() == false)
            #expect(try await rig.reader.capture() == .retry(.captureFailed))
        }
    }

    @Test("malformed requests get 0x01; bad registers 0x1A; unknown addresses no answer")
    func malformedRequests() throws {
        let sim = SimulatedZFMModule()
        var corrupted = ZFMPacket(kind: .command, payload: [0x1D]).encoded()
        corrupted[corrupted.count - 1] &+= 1
        var decoder = ZFMPacketDecoder()
        decoder.feed(sim.receive(corrupted))
        #expect(try decoder.nextPacket()?.payload == [0x01])
        #expect(try ack(sim, [0x77]).payload == [0x01], "unknown instruction")
        #expect(try ack(sim, [0x02]).payload == [0x01], "Img2Tz without its buffer parameter")
        #expect(try ack(sim, [0x02, 0x03]).payload == [0x01], "buffer 3")
        #expect(try ack(sim, [0x0E, 0x09, 0x01]).payload == [0x1A], "register 9")
        #expect(try ack(sim, [0x0E, 0x05, 0x06]).payload == [0x1A], "security level 6")
        #expect(try ack(sim, [0x1F, 0x04]).payload == [0x0B], "index page 4")
        #expect(try ack(sim, [0x0B, 0x00]).payload == [0x01], "DownImage takes no parameters")
        let foreign = ZFMPacket(address: 0x0A0B_0C0D, kind: .command, payload: [0x01]).encoded()
        #expect(sim.receive(foreign).isEmpty)
    }

    @Test("DownChar data packets larger than the packet size are rejected")
    func oversizedDownload() throws {
        let sim = SimulatedZFMModule(configuration: .init(packetSizeCode: 0))
        #expect(try ack(sim, [0x09, 0x01]).payload == [0x00])
        var file: [UInt8] = [0x5A, 0x46] + [UInt8](repeating: 1, count: 254)
        file[2] = 90
        for (index, start) in stride(from: 0, to: 256, by: 128).enumerated() {
            let kind: ZFMPacketKind = index == 1 ? .endOfData : .data
            #expect(sim.receive(ZFMPacket(kind: kind, payload: Array(file[start..<start + 128])).encoded()).isEmpty)
        }
        #expect(
            sim.eventLog().last?.detail
                == "rejected download into buffer 1: data packet of 128 bytes, expected at most 32")
        #expect(try ack(sim, [0x08, 0x01]).payload == [0x0D], "buffer 1 stays empty")
    }

    @Test("features and templates: same finger scores high, other fingers near zero")
    func featureModel() {
        let a1 = SimulatedFeatureModel.featureFile(identity: "x", quality: 90, pressSeed: 1)
        let a2 = SimulatedFeatureModel.featureFile(identity: "x", quality: 90, pressSeed: 2)
        let b = SimulatedFeatureModel.featureFile(identity: "y", quality: 90, pressSeed: 1)
        #expect(a1 != a2)
        #expect(SimulatedFeatureModel.score(a1, a2) > 150)
        #expect(SimulatedFeatureModel.score(a1, b) < 10)
        let template = SimulatedFeatureModel.merge(a1, a2)
        #expect(template?.count == 512)
        #expect(SimulatedFeatureModel.score(template ?? [], a1) == SimulatedFeatureModel.score(a1, a1))
        #expect(SimulatedFeatureModel.score([1, 2, 3], a1) == 0)
        #expect(ZFMFingerprintReader.estimateQuality(a1) >= 80)
    }
}
