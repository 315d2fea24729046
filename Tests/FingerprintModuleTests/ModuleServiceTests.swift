import Biometrics
import FingerprintModule
import FingerprintModuleSim
import Foundation
import Testing

@Suite("ZFMFingerprintModuleService against the simulator")
struct ModuleServiceTests {
    @Test("enroll into the library, upload, download, search, delete and empty")
    func library() async throws {
        try await withRig { (rig: Rig) async throws in
            let service = ZFMFingerprintModuleService(module: rig.module)
            var samples: [FingerSample] = []
            for _ in 0..<3 { samples.append(try await rig.press(alice)) }
            let aliceTemplate = try await service.enrollIntoLibrary(page: 5, samples: samples)
            #expect(rig.sim.storedTemplate(page: 5) == Array(aliceTemplate.data))
            #expect(rig.sim.count(of: .store) == 1)

            let bobTemplate = try await rig.enroll(bob)
            try await service.uploadTemplate(bobTemplate, page: 260)
            #expect(rig.sim.storedTemplate(page: 260) == Array(bobTemplate.data))
            #expect(try await service.templateCount() == 2)
            #expect(try await service.occupiedPages() == [5, 260])

            #expect(try await service.downloadTemplate(page: 260) == bobTemplate)
            #expect(try await service.downloadTemplate(page: 5) == aliceTemplate)

            let aliceAgain = try await rig.enroll(alice, presses: 2)
            let aliceHit = try #require(try await service.search(aliceAgain))
            #expect(aliceHit.page == 5)
            #expect(aliceHit.score >= SimulatedFeatureModel.threshold(securityLevel: 3))
            #expect(try await service.search(bobTemplate)?.page == 260)
            #expect(try await service.search(try await rig.enroll(carol)) == nil)

            try await service.deleteTemplates(page: 5)
            #expect(try await service.occupiedPages() == [260])
            #expect(try await service.templateCount() == 1)
            await #expect(throws: ZFMError.rejected(.loadChar, .invalidTemplate)) {
                try await service.downloadTemplate(page: 5)
            }

            try await service.emptyLibrary()
            #expect(try await service.templateCount() == 0)
            #expect(try await service.occupiedPages() == [])
            #expect(try await service.search(bobTemplate) == nil)
        }
    }

    @Test("occupied pages cover every index page of a 1000-page library")
    func largeLibrary() async throws {
        try await withRig(sim: .init(librarySize: 1000)) { (rig: Rig) async throws in
            let service = ZFMFingerprintModuleService(module: rig.module)
            let template = try await rig.enroll(alice)
            for page in [0, 255, 256, 600, 999] { try await service.uploadTemplate(template, page: page) }
            #expect(try await service.occupiedPages() == [0, 255, 256, 600, 999])
            #expect(rig.sim.count(of: .readIndexTable) == 4)
            #expect(try await service.search(template)?.page != nil)
        }
    }

    @Test("presses of different fingers are not stored")
    func differentFingers() async throws {
        try await withRig { (rig: Rig) async throws in
            let service = ZFMFingerprintModuleService(module: rig.module)
            let a1 = try await rig.press(alice)
            let a2 = try await rig.press(alice)
            let b = try await rig.press(bob)
            await #expect(throws: ZFMError.rejected(.regModel, .mergeFailed)) {
                try await service.enrollIntoLibrary(page: 1, samples: [a1, b])
            }
            await #expect(throws: ZFMError.rejected(.match, .noMatch)) {
                try await service.enrollIntoLibrary(page: 1, samples: [a1, a2, b])
            }
            await #expect(throws: ZFMError.invalidArgument(field: "samples", expected: "at least 1 press, got 0")) {
                try await service.enrollIntoLibrary(page: 1, samples: [])
            }
            #expect(rig.sim.storedTemplate(page: 1) == nil)
            #expect(rig.sim.count(of: .store) == 0)
        }
    }

    @Test("templates of another modality, algorithm or size are refused before anything is sent")
    func badTemplates() async throws {
        try await withRig { (rig: Rig) async throws in
            let service = ZFMFingerprintModuleService(module: rig.module)
            let face = Template(modality: .face, algorithm: .zfmModule, data: Data(count: 512))
            let foreign = Template(modality: .fingerprint, algorithm: .default, data: Data(count: 512))
            let short = Template(modality: .fingerprint, algorithm: .zfmModule, data: Data(count: 256))
            await #expect(throws: ZFMError.invalidArgument(field: "template.modality", expected: "fp, got fa")) {
                try await service.uploadTemplate(face, page: 0)
            }
            await #expect(
                throws: ZFMError.invalidArgument(
                    field: "template.algorithm", expected: "zfm-module-char-v1, got default")
            ) {
                try await service.search(foreign)
            }
            await #expect(throws: ZFMError.invalidArgument(field: "template.data", expected: "512 bytes, got 256")) {
                try await service.uploadTemplate(short, page: 0)
            }
            await #expect(throws: ZFMError.invalidArgument(field: "count", expected: "at least 1, got 0")) {
                try await service.deleteTemplates(page: 0, count: 0)
            }
            #expect(rig.sim.count(of: .downChar) == 0)
            await #expect(throws: ZFMError.rejected(.store, .pageOutOfRange)) {
                try await service.uploadTemplate(try await rig.enroll(alice), page: 300)
            }
        }
    }

    @Test("captureImage: no finger is a GenImg rejection; an 8-bit upload is the simulator's image exactly")
    func captureImage() async throws {
        try await withRig(driver: .init(imageEncoding: .eightBitsPerPixel)) { (rig: Rig) async throws in
            let service = ZFMFingerprintModuleService(module: rig.module)
            await #expect(throws: ZFMError.rejected(.genImg, .noFinger)) { try await service.captureImage() }
            #expect(rig.sim.count(of: .upImage) == 0)
            rig.sim.place(carol)
            let image = try await service.captureImage()
            #expect(image.width == 256 && image.height == 288)
            #expect(image.pixels == rig.sim.capturedImagePixels())
        }
    }

    @Test("captureImage refuses an upload in the other encoding")
    func wrongEncoding() async throws {
        try await withRig(driver: .init(imageEncoding: .fourBitsPerPixel)) { (rig: Rig) async throws in
            rig.sim.place(alice)
            await #expect(
                throws: ZFMError.malformedReply(
                    .upImage, field: "image data", expected: "36864 bytes (fourBitsPerPixel), got 73728")
            ) {
                try await ZFMFingerprintModuleService(module: rig.module).captureImage()
            }
        }
    }
}
