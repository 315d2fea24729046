import FingerprintModule
import FingerprintModuleSim
import Glibc
import Testing

/// Bytes of an upload's reply: the acknowledge, then `payload` bytes in data packets of `packetSize`.
func uploadReplyBytes(payload: Int, packetSize: Int) -> Int {
    12 + payload + 11 * ((payload + packetSize - 1) / packetSize)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

@Suite("The simulator on a pseudo-terminal at the wire's speed (WirePacer)")
struct PacedTTYTests {
    @Test("pacing on: an UpChar at 9,600 baud takes at least the wire time of its bytes")
    func pacedUpChar() async throws {
        let sim = SimulatedZFMModule.Configuration(baudMultiplier: 1, uartImages: true, wirePacing: .realTime)
        try await withTTYRig(sim: sim, linkBaud: 9600) { (rig: Rig, server: ZFMPTYServer) async throws in
            #expect(server.baud == 9600)
            rig.sim.place(alice)
            #expect(try await rig.module.genImg())
            try await rig.module.img2Tz(.one)
            let started = ContinuousClock.now
            let charFile = try await rig.module.upChar(.one)
            let elapsed = ContinuousClock.now - started
            let bytes = 12 + uploadReplyBytes(payload: charFile.count, packetSize: 128)
            let wire = WirePacer.duration(ofBytes: bytes, as: .eightNoneOne(9600))
            print("UpChar (\(charFile.count) B, \(bytes) B on the line) at 9,600 paced: \(elapsed), wire \(wire)")
            #expect(elapsed >= wire - .milliseconds(5), "the reply crossed faster than the wire: \(elapsed) < \(wire)")
            #expect(server.pacedBytes >= bytes, "every byte of the reply waited for its wire time")
        }
    }

    @Test("pacing off keeps memory speed: no byte of a 4-bit UpImage at 9,600 baud waits for its 41.7 s of wire")
    func unpacedUpImage() async throws {
        let sim = SimulatedZFMModule.Configuration(baudMultiplier: 1, uartImages: true)
        try await withTTYRig(sim: sim, linkBaud: 9600) { (rig: Rig, server: ZFMPTYServer) async throws in
            rig.sim.place(bob)
            #expect(try await rig.module.genImg())
            let started = ContinuousClock.now
            let image = try await rig.module.upImage()
            let elapsed = ContinuousClock.now - started
            let wire = WirePacer.duration(
                ofBytes: 12 + uploadReplyBytes(payload: 36_864, packetSize: 128), as: .eightNoneOne(9600))
            print("UpImage 4-bit at 9,600 unpaced: \(elapsed) (wire \(wire))")
            #expect(image.pixels.count == 256 * 288)
            // Wall time on a loaded machine proves nothing either way; what pacing off means is that the line
            // held no byte back.
            #expect(server.pacedBytes == 0, "unpaced took \(elapsed) of the wire's \(wire)")
        }
    }

    @Test(
        "the frame format comes from termios c_cflag",
        arguments: [
            (tcflag_t(CS8), "9600 8N1"),
            (tcflag_t(CS8 | PARENB), "9600 8E1"),
            (tcflag_t(CS7 | PARENB | PARODD | CSTOPB), "9600 7O2"),
            (tcflag_t(CS8 | PARENB | PARODD | CMSPAR), "9600 8M1"),
            (tcflag_t(CS5 | PARENB | CMSPAR), "9600 5S1"),
        ])
    func frameFormat(flags: tcflag_t, expected: String) {
        #expect(UARTLineCoding(baudRate: 9600, termiosFlags: flags | tcflag_t(CREAD | CLOCAL)).description == expected)
    }
}
