import Biometrics
import FingerprintModule
import FingerprintModuleSim
import Testing

@Suite("Fault injection: typed errors and retries")
struct FaultTests {
    static let timeout = Duration.milliseconds(300)
    static let quick = ZFMModule.Configuration(commandTimeout: timeout, dataTimeout: timeout)

    @Test("a NAK surfaces as .rejected with the injected code and is not retried", arguments: Transport.allCases)
    func nak(transport: Transport) async throws {
        try await withRig(transport, driver: Self.quick) { (rig: Rig) async throws in
            rig.sim.inject(.nak(.templateNum, .flashError))
            await #expect(throws: ZFMError.rejected(.templateNum, .flashError)) { try await rig.module.templateCount() }
            #expect(rig.sim.count(of: .templateNum) == 1)
            rig.sim.inject(.nak(.genImg, .captureFailed))
            await #expect(
                throws: FingerprintReaderError.deviceFault("GenImg: module answered 0x03 (image capture failed)")
            ) {
                try await rig.reader.isFingerPresent()
            }
            rig.sim.clearFaults()
            #expect(try await rig.module.templateCount() == 0)
        }
    }

    @Test("a corrupted checksum is retried for idempotent commands", arguments: Transport.allCases)
    func corruptChecksumRetried(transport: Transport) async throws {
        try await withRig(transport, driver: Self.quick) { (rig: Rig) async throws in
            rig.sim.inject(.corruptNextChecksum)
            #expect(try await rig.module.templateCount() == 0)
            #expect(rig.sim.count(of: .templateNum) == 2)
        }
    }

    @Test("a corrupted checksum on Store is reported, not retried")
    func corruptChecksumStore() async throws {
        try await withRig(driver: Self.quick) { (rig: Rig) async throws in
            let template = try await rig.enroll(alice)
            try await rig.module.downChar(.one, Array(template.data))
            rig.sim.inject(.corruptNextChecksum)
            await #expect(throws: ZFMError.badChecksum(expected: 0x000A, received: 0x000B)) {
                try await rig.module.store(.one, page: 0)
            }
            #expect(rig.sim.count(of: .store) == 1)
            #expect(rig.sim.storedTemplate(page: 0) == Array(template.data), "the module did store it")
        }
    }

    @Test("a truncated reply is retried for idempotent commands, reported for Empty", arguments: Transport.allCases)
    func truncated(transport: Transport) async throws {
        try await withRig(transport, driver: Self.quick) { (rig: Rig) async throws in
            rig.sim.inject(.truncateNextReply)
            #expect(try await rig.module.readSysPara().librarySize == 300)
            #expect(rig.sim.count(of: .readSysPara) == 2)
            rig.sim.inject(.truncateNextReply)
            await #expect(throws: ZFMError.truncated(expectedBytes: 12, receivedBytes: 6)) {
                try await rig.module.empty()
            }
            #expect(rig.sim.count(of: .empty) == 1)
        }
    }

    @Test("garbage before a reply is skipped without a retry", arguments: Transport.allCases)
    func garbage(transport: Transport) async throws {
        try await withRig(transport, driver: Self.quick) { (rig: Rig) async throws in
            rig.sim.inject(.prependGarbage([0x00, 0xEF, 0x55, 0xFF, 0x01]))
            #expect(try await rig.module.templateCount() == 0)
            #expect(rig.sim.count(of: .templateNum) == 1)
            rig.sim.place(alice)
            #expect(try await rig.module.genImg())
            try await rig.module.img2Tz(.one)
            rig.sim.inject(.prependGarbage(Array(repeating: 0xAA, count: 300)))
            #expect(try await rig.module.upChar(.one).count == 256)
        }
    }

    @Test("a dropped reply is retried for idempotent commands, a timeout for DeleteChar")
    func dropped() async throws {
        try await withRig(driver: Self.quick) { (rig: Rig) async throws in
            rig.sim.inject(.dropNextReply)
            #expect(try await rig.module.readIndexTable(indexPage: 0) == [])
            #expect(rig.sim.count(of: .readIndexTable) == 2)
            rig.sim.inject(.dropNextReply)
            await #expect(throws: ZFMError.timeout(.deleteChar, after: Self.timeout)) {
                try await rig.module.deleteChar(page: 0, count: 1)
            }
            #expect(rig.sim.count(of: .deleteChar) == 1)
        }
    }

    @Test("a module that stops answering times out after one retry", arguments: Transport.allCases)
    func stopAnswering(transport: Transport) async throws {
        try await withRig(transport, driver: Self.quick) { (rig: Rig) async throws in
            rig.sim.inject(.stopAnswering)
            await #expect(throws: ZFMError.timeout(.templateNum, after: Self.timeout)) {
                try await rig.module.templateCount()
            }
            #expect(rig.sim.count(of: .templateNum) == 2)
            await #expect(throws: FingerprintReaderError.deviceFault("GenImg: no reply within 0.3 seconds")) {
                try await rig.reader.isFingerPresent()
            }
            rig.sim.clearFaults()
            #expect(try await rig.module.templateCount() == 0)
        }
    }

    @Test("a driver set to another address gets no answer")
    func wrongAddress() async throws {
        let driver = ZFMModule.Configuration(address: 0x0000_0001, commandTimeout: .milliseconds(100))
        try await withRig(driver: driver) { (rig: Rig) async throws in
            await #expect(throws: ZFMError.timeout(.genImg, after: .milliseconds(100))) {
                try await rig.module.genImg()
            }
            #expect(rig.sim.eventLog().contains { $0.detail.contains("ignored packet for address 0x00000001") })
        }
    }

    @Test("a fault while enrolling becomes a device fault")
    func enrollmentFault() async throws {
        try await withRig(driver: Self.quick) { (rig: Rig) async throws in
            let samples = [try await rig.press(alice), try await rig.press(alice)]
            rig.sim.inject(.nak(.regModel, .flashError))
            await #expect(
                throws: FingerprintReaderError.deviceFault("RegModel: module answered 0x18 (flash write error)")
            ) {
                try await rig.reader.enrollTemplate(from: samples)
            }
        }
    }

    @Test(
        "UpChar is retried when its acknowledge is damaged, despite the data packets behind it",
        arguments: Transport.allCases)
    func damagedUploadAck(transport: Transport) async throws {
        try await withRig(transport, driver: Self.quick) { (rig: Rig) async throws in
            rig.sim.place(alice)
            #expect(try await rig.module.genImg())
            try await rig.module.img2Tz(.one)
            rig.sim.inject(.corruptNextChecksum)
            #expect(try await rig.module.upChar(.one).count == 256)
            #expect(rig.sim.count(of: .upChar) == 2)
            rig.sim.inject(.corruptNextChecksum)
            #expect(try await rig.module.upImage().pixels.count == ZFMImage.pixelCount)
            #expect(rig.sim.count(of: .upImage) == 2)
        }
    }

    @Test("enrolling from samples of the wrong size is a device fault naming the size")
    func badSample() async throws {
        try await withRig(driver: Self.quick) { (rig: Rig) async throws in
            let good = try await rig.press(alice)
            let bad = FingerSample(features: [1, 2, 3], quality: 50)
            await #expect(throws: FingerprintReaderError.deviceFault("char file: expected 256 or 512 bytes, got 3")) {
                try await rig.reader.enrollTemplate(from: [good, bad])
            }
            await #expect(
                throws: FingerprintReaderError.deviceFault("enrollTemplate: expected at least 1 sample, got 0")
            ) {
                try await rig.reader.enrollTemplate(from: [])
            }
        }
    }
}
