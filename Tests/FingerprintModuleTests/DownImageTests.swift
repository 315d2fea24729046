import Biometrics
import FingerprintModule
import FingerprintModuleSim
import Imaging
import Testing

/// A ridge image drawn by the simulator's image model for `identity` (good contrast, 256 × 288).
func ridgeImage(_ identity: String, press: UInt64 = 7) throws -> ZFMImage {
    try ZFMImage(pixels: SimulatedFeatureModel.image(identity: identity, quality: 95, pressSeed: press))
}

/// Where two pixel arrays first differ, in words; nil when equal (keeps failure messages short).
func pixelDifference(_ actual: [UInt8]?, _ expected: [UInt8]) -> String? {
    guard let actual else { return "no image" }
    guard actual.count == expected.count else { return "\(actual.count) pixels, expected \(expected.count)" }
    guard let index = actual.indices.first(where: { actual[$0] != expected[$0] }) else { return nil }
    return "pixel \(index) (x \(index % 256), y \(index / 256)) is \(actual[index]), expected \(expected[index])"
}

/// The first acknowledge in raw simulator reply bytes.
func firstAck(_ reply: [UInt8]) throws -> ZFMPacket {
    var decoder = ZFMPacketDecoder()
    decoder.feed(reply)
    return try #require(try decoder.nextPacket())
}

@Suite("DownImage (0x0B)")
struct DownImageTests {
    @Test("8-bit round trip over an in-process link: UpImage returns the downloaded pixels")
    func eightBitRoundTrip() async throws {
        try await withRig(driver: .init(imageEncoding: .eightBitsPerPixel)) { (rig: Rig) async throws in
            let image = try ridgeImage("downloaded-a")
            try await rig.module.downImage(image)
            #expect(pixelDifference(try await rig.module.upImage().pixels, image.pixels) == nil)
            #expect(pixelDifference(rig.sim.capturedImagePixels(), image.pixels) == nil)
        }
    }

    @Test("4-bit round trip with uartImages: pixels keep their high nibble, widened ×17 on the way back")
    func fourBitRoundTrip() async throws {
        try await withRig(sim: .init(uartImages: true), driver: .init(imageEncoding: .fourBitsPerPixel)) {
            (rig: Rig) async throws in
            let image = try ridgeImage("downloaded-b")
            let quantised = image.pixels.map { ($0 >> 4) * 17 }
            #expect(quantised != image.pixels, "the test image must have low-nibble detail to lose")
            try await rig.module.downImage(image)
            #expect(pixelDifference(try await rig.module.upImage().pixels, quantised) == nil)
            // A 4-bit-exact image survives unchanged.
            let exact = try ZFMImage(pixels: quantised)
            try await rig.module.downImage(exact.grayImage)
            #expect(pixelDifference(try await rig.module.upImage().pixels, exact.pixels) == nil)
        }
    }

    @Test("data goes in packets of the module's packet size (ReadSysPara once), last one PID 08")
    func packetSize() async throws {
        let sim = SimulatedZFMModule(configuration: .init(packetSizeCode: 0, uartImages: true))
        let pair = InProcessLinkPair()
        let server = Task { await sim.serve(pair.device) }
        let recording = RecordingLink(pair.host)
        let module = ZFMModule(link: recording, configuration: .init(imageEncoding: .fourBitsPerPixel))
        try await module.downImage(try ridgeImage("sized"))
        let packets = try recording.writes.map { try ZFMPacket.decode($0) }
        #expect(packets.count == 2 + 36_864 / 32)
        #expect(packets[0].payload == [0x0F])
        #expect(packets[1].payload == [0x0B])
        let data = packets.dropFirst(2)
        #expect(data.dropLast().allSatisfy { $0.kind == .data && $0.payload.count == 32 })
        #expect(data.last?.kind == .endOfData)
        _ = try await module.templateCount()  // the simulator has consumed every packet once it answers
        #expect(sim.capturedImagePixels() != nil)
        await module.close()
        await pair.device.close()
        await server.value
    }

    @Test(
        "Img2Tz after DownImage: minutiae of the downloaded image; two impressions of one finger match, another finger does not",
        .enabled(if: SharedTestData.isAvailable, SharedTestData.absentMessage))
    func featuresFromDownloadedImage() async throws {
        func image(_ name: String) throws -> ZFMImage {
            try #require(try SimulatedFinger(imageFile: SharedTestData.fvc2002.appendingPathComponent(name)).image)
        }
        try await withRig(driver: .init(imageEncoding: .eightBitsPerPixel)) { (rig: Rig) async throws in
            try await rig.module.downImage(try image("101_1.tif"))
            try await rig.module.img2Tz(.one)
            try await rig.module.downImage(try image("101_2.tif"))
            try await rig.module.img2Tz(.two)
            let same = try await rig.module.match()
            #expect(same.matched)

            try await rig.module.downImage(try image("102_1.tif"))
            try await rig.module.img2Tz(.two)
            let different = try await rig.module.match()
            #expect(!different.matched)
            #expect(different.score < same.score)
        }
    }

    @Test("a downloaded image without a print is refused as too few features (07)")
    func featurelessDownloadedImage() async throws {
        try await withRig(driver: .init(imageEncoding: .eightBitsPerPixel)) { (rig: Rig) async throws in
            try await rig.module.downImage(try ZFMImage(pixels: [UInt8](repeating: 200, count: ZFMImage.pixelCount)))
            await #expect(throws: ZFMError.rejected(.img2Tz, .tooFewFeatures)) { try await rig.module.img2Tz(.one) }
        }
    }

    @Test("a refused DownImage (0E) is a typed error and no data is sent")
    func refused() async throws {
        let sim = SimulatedZFMModule()
        sim.inject(.nak(.downImage, .cannotReceive))
        let pair = InProcessLinkPair()
        let server = Task { await sim.serve(pair.device) }
        let recording = RecordingLink(pair.host)
        let module = ZFMModule(link: recording, configuration: .init(imageEncoding: .eightBitsPerPixel))
        await #expect(throws: ZFMError.rejected(.downImage, .cannotReceive)) {
            try await module.downImage(try ridgeImage("refused"))
        }
        let kinds = try recording.writes.map { try ZFMPacket.decode($0).kind }
        #expect(kinds == [.command, .command], "ReadSysPara and DownImage only")
        #expect(sim.capturedImagePixels() == nil)
        await module.close()
        await pair.device.close()
        await server.value
    }

    @Test("a lost acknowledge is not retried (partial transfers are the caller's decision)")
    func notRetried() async throws {
        try await withRig(driver: .init(commandTimeout: .milliseconds(200), imageEncoding: .eightBitsPerPixel)) {
            (rig: Rig) async throws in
            _ = try await rig.module.readSysPara()
            rig.sim.inject(.dropNextReply)
            await #expect(throws: ZFMError.timeout(.downImage, after: .milliseconds(200))) {
                try await rig.module.downImage(try ridgeImage("dropped"))
            }
            #expect(rig.sim.count(of: .downImage) == 1)
        }
    }

    @Test("bad arguments: no encoding configured, wrong image size")
    func badArguments() async throws {
        try await withRig { (rig: Rig) async throws in
            await #expect(
                throws: ZFMError.invalidArgument(
                    field: "encoding", expected: "an image encoding (argument or Configuration.imageEncoding), got none"
                )
            ) {
                try await rig.module.downImage(try ridgeImage("no-encoding"))
            }
            let small = try GrayImage(width: 10, height: 10, pixels: [UInt8](repeating: 0, count: 100))
            await #expect(throws: ZFMError.invalidArgument(field: "image", expected: "256×288 pixels, got 10×10")) {
                try await rig.module.downImage(small, encoding: .eightBitsPerPixel)
            }
            #expect(rig.sim.count(of: .downImage) == 0)
        }
    }

    @Test("a corrupted data packet spoils the transfer: the image buffer keeps the previous image")
    func corruptedPacket() throws {
        let sim = SimulatedZFMModule(configuration: .init(packetSizeCode: 3))
        let original = try ridgeImage("original")
        var request = ZFMPacket(kind: .command, payload: [0x0B]).encoded()
        #expect(try firstAck(sim.receive(request)).payload == [0x00])
        _ = sim.receive(packets(original.pixels, size: 256))
        #expect(pixelDifference(sim.capturedImagePixels(), original.pixels) == nil)

        let replacement = try ridgeImage("replacement")
        request = ZFMPacket(kind: .command, payload: [0x0B]).encoded()
        #expect(try firstAck(sim.receive(request)).payload == [0x00])
        var wire = packets(replacement.pixels, size: 256)
        wire[9 + 5 * (9 + 256 + 2)] ^= 0xFF  // first payload byte of the sixth packet
        #expect(sim.receive(wire).isEmpty, "no reply to data packets, not even to the damaged one")
        #expect(pixelDifference(sim.capturedImagePixels(), original.pixels) == nil)
        let rejection = try #require(sim.eventLog().last)
        #expect(rejection.instruction == .downImage)
        #expect(rejection.detail.contains("rejected image: bad packet: packet checksum"))
    }

    @Test("wrong data packet sizes and totals are rejected; a command mid-transfer aborts it")
    func wrongSizes() throws {
        let sim = SimulatedZFMModule()  // 128-byte packets, 8-bit images
        let image = try ridgeImage("sizes")
        _ = sim.receive(ZFMPacket(kind: .command, payload: [0x0B]).encoded())
        _ = sim.receive(packets(image.pixels, size: 64))
        #expect(sim.capturedImagePixels() == nil)
        #expect(sim.eventLog().last?.detail.contains("data packet of 64 bytes, expected 128") == true)

        _ = sim.receive(ZFMPacket(kind: .command, payload: [0x0B]).encoded())
        _ = sim.receive(packets(Array(image.pixels.prefix(4096)), size: 128))
        #expect(sim.capturedImagePixels() == nil)
        #expect(sim.eventLog().last?.detail.contains("expected 73728 bytes, got 4096") == true)

        _ = sim.receive(ZFMPacket(kind: .command, payload: [0x0B]).encoded())
        _ = sim.receive(Array(packets(image.pixels, size: 128).prefix(10 * (9 + 128 + 2))))
        let reply = sim.receive(ZFMPacket(kind: .command, payload: [0x1D]).encoded())
        #expect(try firstAck(reply).payload == [0x00, 0x00, 0x00], "TemplateNum answered normally")
        #expect(sim.eventLog().contains { $0.detail.hasPrefix("aborted after 1280 bytes") })
        #expect(sim.capturedImagePixels() == nil)
    }

    /// `data` as wire packets of `size` bytes, the last one PID 08.
    func packets(_ data: [UInt8], size: Int) -> [UInt8] {
        var wire: [UInt8] = []
        var offset = 0
        while offset < data.count {
            let end = min(offset + size, data.count)
            wire += ZFMPacket(kind: end == data.count ? .endOfData : .data, payload: Array(data[offset..<end]))
                .encoded()
            offset = end
        }
        return wire
    }
}
