import FingerprintModule
import FingerprintModuleSim
import Foundation
import Testing

@Suite(
    "Simulated fingers backed by FVC image files",
    .enabled(if: SharedTestData.isAvailable, SharedTestData.absentMessage))
struct FileBackedFingerTests {
    func finger(_ name: String) throws -> SimulatedFinger {
        try SimulatedFinger(imageFile: SharedTestData.fvc2002.appendingPathComponent(name))
    }

    @Test("identity is the FVC finger number; quality comes from contrast unless given")
    func identityAndQuality() throws {
        let first = try finger("101_1.tif")
        #expect(first.identity == "101")
        #expect(first.imageFile?.lastPathComponent == "101_1.tif")
        #expect((50...100).contains(first.quality), "FVC images have good contrast, got \(first.quality)")
        let given = try SimulatedFinger(
            imageFile: SharedTestData.fvc2002.appendingPathComponent("102_1.tif"), quality: 40)
        #expect(given.identity == "102" && given.quality == 40)
        #expect(throws: FingerprintImageFileError.self) {
            try SimulatedFinger(imageFile: SharedTestData.fvc2002.appendingPathComponent("999_9.tif"))
        }
    }

    @Test("UpImage of a file-backed finger returns the centre-cropped file pixels (8-bit and 4-bit links)")
    func upImage() async throws {
        let url = SharedTestData.fvc2002.appendingPathComponent("101_1.tif")
        let raw = [UInt8](try Data(contentsOf: url))
        // 388×374 → 256×288: skip 66 columns and 43 rows; pixels start at strip offset 512.
        var expected: [UInt8] = []
        for y in 43..<(43 + 288) {
            let rowStart: Int = 512 + y * 388 + 66
            expected += raw[rowStart..<(rowStart + 256)]
        }
        let file = try finger("101_1.tif")
        try await withRig(driver: .init(imageEncoding: .eightBitsPerPixel)) { (rig: Rig) async throws in
            rig.sim.place(file)
            #expect(try await rig.module.genImg())
            #expect(pixelDifference(try await rig.module.upImage().pixels, expected) == nil)
        }
        try await withRig(sim: .init(uartImages: true), driver: .init(imageEncoding: .fourBitsPerPixel)) {
            (rig: Rig) async throws in
            rig.sim.place(file)
            #expect(try await rig.module.genImg())
            #expect(pixelDifference(try await rig.module.upImage().pixels, expected.map { ($0 >> 4) * 17 }) == nil)
        }
    }

    @Test("two impressions of finger 101 enroll and match a third; finger 102 does not match")
    func enrollAndMatch() async throws {
        try await withRig { (rig: Rig) async throws in
            let module = rig.module
            func capture(_ name: String, into buffer: ZFMCharBuffer) async throws {
                rig.sim.place(try finger(name))
                #expect(try await module.genImg())
                try await module.img2Tz(buffer)
            }
            try await capture("101_1.tif", into: .one)
            try await capture("101_2.tif", into: .two)
            try await module.regModel()
            try await module.store(.one, page: 5)

            try await capture("101_3.tif", into: .one)
            let hit = try await module.search(.one, startPage: 0, pageCount: 300)
            #expect(hit?.page == 5)

            try await capture("102_1.tif", into: .one)
            #expect(try await module.search(.one, startPage: 0, pageCount: 300) == nil)

            try await capture("101_4.tif", into: .one)
            try await capture("102_2.tif", into: .two)
            await #expect(throws: ZFMError.rejected(.regModel, .mergeFailed)) { try await module.regModel() }
        }
    }
    @Test(
        "FVC2004 fingers enroll from two of impressions 1-3, their last impression finds their own page, never another")
    func folderMatrix() async throws {
        let fingers = try FingerprintImageFolder(SharedTestData.fvc2004).fingers()
        let numbers = fingers.keys.sorted()
        #expect(numbers.count >= 2)
        try await withRig { (rig: Rig) async throws in
            let module = rig.module
            func capture(_ impression: FingerprintImageFolder.Impression, into buffer: ZFMCharBuffer) async throws {
                rig.sim.place(try SimulatedFinger(imageFile: impression.url))
                #expect(try await module.genImg())
                try await module.img2Tz(buffer)
            }
            // As at a real module: when two presses do not merge, the person presses again.
            func enroll(_ impressions: [FingerprintImageFolder.Impression], page: Int) async throws -> Bool {
                for (first, second) in [(0, 1), (0, 2), (1, 2)] {
                    try await capture(impressions[first], into: .one)
                    try await capture(impressions[second], into: .two)
                    do {
                        try await module.regModel()
                    } catch {
                        guard error == ZFMError.rejected(.regModel, .mergeFailed) else { throw error }
                        continue
                    }
                    try await module.store(.one, page: page)
                    return true
                }
                return false
            }
            var enrolled: [Int: String] = [:]
            for (page, number) in numbers.enumerated() {
                if try await enroll(try #require(fingers[number]), page: page) { enrolled[page] = number }
            }
            #expect(enrolled.count >= numbers.count - 1, "enrolled \(enrolled.values.sorted()) of \(numbers)")
            var found = 0
            for (page, number) in numbers.enumerated() {
                let probe = try #require(fingers[number]?.last)
                try await capture(probe, into: .one)
                let hit = try await module.search(.one, startPage: 0, pageCount: numbers.count)
                if let hit {
                    #expect(
                        hit.page == page, "finger \(number) impression \(probe.impression) found on page \(hit.page)")
                    found += 1
                }
            }
            #expect(found >= enrolled.count - 1, "\(found) of \(enrolled.count) enrolled fingers found")
        }
    }
}
