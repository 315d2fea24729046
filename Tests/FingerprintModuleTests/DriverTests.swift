import Biometrics
import FingerprintModule
import FingerprintModuleSim
import Foundation
import Testing

@Suite("ZFM driver against the simulator")
struct DriverTests {
    @Test("ReadSysPara returns the module's parameters", arguments: Transport.allCases)
    func readSysPara(transport: Transport) async throws {
        try await withRig(transport, sim: .init(librarySize: 300, securityLevel: 4, packetSizeCode: 1)) {
            (rig: Rig) async throws in
            let parameters = try await rig.module.readSysPara()
            #expect(parameters.librarySize == 300)
            #expect(parameters.securityLevel == 4)
            #expect(parameters.packetSizeCode == 1)
            #expect(parameters.packetSize == 64)
            #expect(parameters.address == 0xFFFF_FFFF)
            #expect(parameters.baudRate == 57600)
            #expect(parameters.statusRegister & 0b1000 == 0, "no image captured yet")
        }
    }

    @Test("GenImg answers no finger until one is placed", arguments: Transport.allCases)
    func genImg(transport: Transport) async throws {
        try await withRig(transport) { (rig: Rig) async throws in
            #expect(try await rig.reader.isFingerPresent() == false)
            rig.sim.place(alice)
            #expect(try await rig.reader.isFingerPresent() == true)
            rig.sim.lift()
            #expect(try await rig.reader.isFingerPresent() == false)
            #expect(
                rig.sim.eventLog().contains { $0.description == "GenImg → 0x02 (no finger on the sensor): no finger" })
        }
    }

    @Test("three presses of one finger enroll a 512-byte module template", arguments: Transport.allCases)
    func enrollment(transport: Transport) async throws {
        try await withRig(transport) { (rig: Rig) async throws in
            var samples: [FingerSample] = []
            for _ in 0..<3 {
                let sample = try await rig.press(alice)
                #expect(sample.features.count == 256)
                #expect((75...100).contains(sample.quality), "quality \(sample.quality) for a quality-90 finger")
                samples.append(sample)
            }
            #expect(samples[0] != samples[1], "presses vary")
            let template = try await rig.reader.enrollTemplate(from: samples)
            #expect(template.modality == .fingerprint)
            #expect(template.algorithm == .zfmModule)
            #expect(template.data.count == 512)
            #expect(rig.reader.algorithm == .zfmModule)
        }
    }

    @Test("presses of different fingers do not enroll", arguments: Transport.allCases)
    func differentFingers(transport: Transport) async throws {
        try await withRig(transport) { (rig: Rig) async throws in
            let a1 = try await rig.press(alice)
            let a2 = try await rig.press(alice)
            let b = try await rig.press(bob)
            await #expect(throws: FingerprintReaderError.samplesDoNotMatch) {
                try await rig.reader.enrollTemplate(from: [a1, b])
            }
            // The third press is checked against the merged template with Match.
            await #expect(throws: FingerprintReaderError.samplesDoNotMatch) {
                try await rig.reader.enrollTemplate(from: [a1, a2, b])
            }
            #expect(rig.sim.count(of: .match) == 1)
        }
    }

    @Test("Store, TemplateNum, ReadIndexTable, Search, LoadChar, DeleteChar, Empty", arguments: Transport.allCases)
    func library(transport: Transport) async throws {
        try await withRig(transport) { (rig: Rig) async throws in
            let module = rig.module
            let aliceTemplate = try await rig.enroll(alice)
            let bobTemplate = try await rig.enroll(bob)
            try await module.downChar(.one, Array(aliceTemplate.data))
            try await module.store(.one, page: 3)
            try await module.downChar(.two, Array(bobTemplate.data))
            try await module.store(.two, page: 257)
            #expect(try await module.templateCount() == 2)
            #expect(try await module.readIndexTable(indexPage: 0) == [3])
            #expect(try await module.readIndexTable(indexPage: 1) == [257])
            #expect(try await module.readIndexTable(indexPage: 2) == [])

            rig.sim.place(alice)
            #expect(try await module.genImg())
            try await module.img2Tz(.one)
            let hit = try #require(try await module.search(.one, startPage: 0, pageCount: 300))
            #expect(hit.page == 3)
            #expect(hit.score >= ZFMMatcher.defaultThreshold)
            #expect(try await module.search(.one, startPage: 4, pageCount: 296) == nil, "page 3 is outside the range")
            rig.sim.place(carol)
            #expect(try await module.genImg())
            try await module.img2Tz(.two)
            #expect(try await module.highSpeedSearch(.two, startPage: 0, pageCount: 300) == nil)
            try await module.loadChar(.two, page: 257)
            #expect(try await module.highSpeedSearch(.two, startPage: 0, pageCount: 300)?.page == 257)

            try await module.loadChar(.two, page: 3)
            #expect(try await module.upChar(.two) == Array(aliceTemplate.data))
            await #expect(throws: ZFMError.rejected(.loadChar, .invalidTemplate)) {
                try await module.loadChar(.one, page: 4)
            }
            await #expect(throws: ZFMError.rejected(.store, .pageOutOfRange)) {
                try await module.store(.one, page: 300)
            }

            try await module.deleteChar(page: 3, count: 1)
            #expect(try await module.templateCount() == 1)
            #expect(try await module.readIndexTable(indexPage: 0) == [])
            await #expect(throws: ZFMError.rejected(.deleteChar, .deleteFailed)) {
                try await module.deleteChar(page: 299, count: 2)
            }
            try await module.empty()
            #expect(try await module.templateCount() == 0)
            #expect(rig.sim.storedTemplate(page: 257) == nil)
        }
    }

    @Test("a password must be verified first; a wrong one is refused", arguments: Transport.allCases)
    func passwordFlow(transport: Transport) async throws {
        try await withRig(transport, sim: .init(password: 0x1234_5678)) { (rig: Rig) async throws in
            await #expect(throws: ZFMError.rejected(.templateNum, .passwordNotVerified)) {
                try await rig.module.templateCount()
            }
            await #expect(throws: ZFMError.rejected(.vfyPwd, .wrongPassword)) {
                try await rig.module.verifyPassword(0x1111_1111)
            }
            try await rig.module.verifyPassword(0x1234_5678)
            #expect(try await rig.module.templateCount() == 0)
            try await rig.module.setPassword(0)
            #expect(rig.sim.systemParameters.statusRegister & 0b100 != 0)
        }
    }

    @Test("a configured password is verified when the module asks for it")
    func automaticPassword() async throws {
        try await withRig(sim: .init(password: 42), driver: .init(password: 42)) { (rig: Rig) async throws in
            #expect(try await rig.module.templateCount() == 0)
            #expect(try await rig.module.templateCount() == 0)
            #expect(rig.sim.count(of: .vfyPwd) == 1)
            #expect(rig.sim.count(of: .templateNum) == 3, "refused once, then answered twice")
        }
    }

    @Test("ZFMMatcher: same finger matches, different fingers do not", arguments: Transport.allCases)
    func matcher(transport: Transport) async throws {
        try await withRig(transport) { (rig: Rig) async throws in
            let first = try await rig.enroll(alice)
            let second = try await rig.enroll(alice)
            let other = try await rig.enroll(bob)
            #expect(first != second, "two enrollments of one finger differ in detail")
            let same = try await rig.matcher.score(second, first)
            let different = try await rig.matcher.score(other, first)
            #expect(same >= rig.matcher.threshold, "same finger scored \(same)")
            #expect(different < rig.matcher.threshold, "different fingers scored \(different)")
            #expect(try await rig.matcher.matches(first, second))
            #expect(try await rig.matcher.matches(first, other) == false)
        }
    }

    @Test("ZFMMatcher refuses templates of another algorithm or size")
    func matcherValidation() async throws {
        try await withRig { (rig: Rig) async throws in
            let good = try await rig.enroll(alice)
            let foreign = Template(modality: .fingerprint, algorithm: .default, data: good.data)
            let short = Template(modality: .fingerprint, algorithm: .zfmModule, data: Data(count: 100))
            await #expect(
                throws: ZFMError.invalidArgument(field: "probe.algorithm", expected: "zfm-module-char-v1, got default")
            ) {
                try await rig.matcher.score(foreign, good)
            }
            await #expect(
                throws: ZFMError.invalidArgument(field: "reference.data", expected: "256 or 512 bytes, got 100")
            ) {
                try await rig.matcher.score(good, short)
            }
        }
    }

    @Test(
        "UpImage uploads a 256×288 image of the finger; without one the module answers 0F",
        arguments: Transport.allCases)
    func upImage(transport: Transport) async throws {
        try await withRig(transport) { (rig: Rig) async throws in
            await #expect(throws: ZFMError.rejected(.upImage, .imageUploadFailed)) { try await rig.module.upImage() }
            rig.sim.place(alice)
            #expect(try await rig.module.genImg())
            let aliceImage = try await rig.module.upImage()
            #expect(aliceImage.pixels.count == 256 * 288)
            #expect(Set(aliceImage.pixels).count > 50, "ridges, not a flat image")
            rig.sim.place(bob)
            #expect(try await rig.module.genImg())
            #expect(try await rig.module.upImage() != aliceImage)
        }
    }

    @Test("DownChar honours the packet size from ReadSysPara, read once")
    func packetSize() async throws {
        try await withRig(sim: .init(packetSizeCode: 0)) { (rig: Rig) async throws in
            _ = try await rig.enroll(alice)
            #expect(rig.sim.count(of: .readSysPara) == 1)
            #expect(!rig.sim.eventLog().contains { $0.detail.contains("rejected download") })
            try await rig.module.setSysPara(.packetSize, value: 3)
            #expect(rig.sim.systemParameters.packetSize == 256)
            _ = try await rig.enroll(bob)
            #expect(rig.sim.count(of: .readSysPara) == 1)
            #expect(!rig.sim.eventLog().contains { $0.detail.contains("rejected download") })
        }
    }

    @Test("SetSysPara, GetRandomCode and SetAddr")
    func systemCommands() async throws {
        try await withRig { (rig: Rig) async throws in
            try await rig.module.setSysPara(.securityLevel, value: 5)
            #expect(try await rig.module.readSysPara().securityLevel == 5)
            await #expect(throws: ZFMError.invalidArgument(field: "securityLevel value", expected: "1-5, got 9")) {
                try await rig.module.setSysPara(.securityLevel, value: 9)
            }
            let first = try await rig.module.getRandomCode()
            let second = try await rig.module.getRandomCode()
            #expect(first != second)
            try await rig.module.setAddress(0x1122_3344)
            #expect(await rig.module.address == 0x1122_3344)
            #expect(rig.sim.systemParameters.address == 0x1122_3344)
            #expect(try await rig.module.templateCount() == 0)
        }
    }

    @Test("the driver puts the spec's bytes on the wire")
    func wireBytes() async throws {
        let sim = SimulatedZFMModule()
        let pair = InProcessLinkPair()
        let server = Task { await sim.serve(pair.device) }
        let recorder = RecordingLink(pair.host)
        let module = ZFMModule(link: recorder)
        sim.place(alice)
        _ = try await module.genImg()
        try await module.img2Tz(.one)
        try await module.store(.one, page: 3)
        _ = try await module.upChar(.one)
        await #expect(throws: ZFMError.rejected(.regModel, .mergeFailed)) { try await module.regModel() }
        #expect(
            recorder.writes == [
                bytes("EF01 FFFFFFFF 01 0003 01 0005"),
                bytes("EF01 FFFFFFFF 01 0004 02 01 0008"),
                bytes("EF01 FFFFFFFF 01 0006 06 01 0003 0011"),
                bytes("EF01 FFFFFFFF 01 0004 08 01 000E"),
                bytes("EF01 FFFFFFFF 01 0003 05 0009"),
            ])
        await module.close()
        await server.value
    }

    @Test("concurrent matcher and reader calls do not interleave their command sequences")
    func exclusiveSequences() async throws {
        try await withRig { (rig: Rig) async throws in
            let a = try await rig.enroll(alice)
            let b = try await rig.enroll(bob)
            let matcher = rig.matcher
            try await withThrowingTaskGroup(of: (Bool, Bool).self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let same = index.isMultiple(of: 2)
                        return (same, try await matcher.matches(a, same ? a : b))
                    }
                }
                for try await (same, matched) in group {
                    #expect(same == matched)
                }
            }
        }
    }

    @Test("a 4-bit (UART) image upload is widened to 8 bits")
    func uartImage() async throws {
        var eightBit: ZFMImage?
        for uart in [false, true] {
            try await withRig(sim: .init(uartImages: uart)) { (rig: Rig) async throws in
                rig.sim.place(alice)
                #expect(try await rig.module.genImg())
                let image = try await rig.module.upImage()
                #expect(image.pixels.count == ZFMImage.pixelCount)
                if let eightBit {
                    for index in stride(from: 0, to: ZFMImage.pixelCount, by: 97) {
                        #expect(image.pixels[index] == (eightBit.pixels[index] >> 4) * 17)
                    }
                    #expect(rig.sim.eventLog().contains { $0.detail.contains("4-bit image") })
                } else {
                    eightBit = image
                }
            }
        }
    }
}
