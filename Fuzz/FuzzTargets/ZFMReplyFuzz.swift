import Biometrics
import FingerprintModule
import Foundation

/// The module driver's reply parsing: a fresh `ZFMModule` sends one command and reads the input as the
/// module's answer. Byte 0 picks the command, byte 1 how the answer is split into reads (0: one read),
/// the rest is what the module sends (acknowledge, data packets, garbage).
enum ZFMReplyFuzz {
    /// How many commands `command(_:on:)` knows, each with a different reply shape.
    static let commandCount = 24

    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        guard bytes.count >= 2 else { return .accepted("too short to pick a command") }
        let index = Int(bytes[0]) % commandCount
        let chunkSize = bytes[1] == 0 ? max(bytes.count, 1) : Int(bytes[1])
        let link = ScriptedLink(stream: bytes[2...], chunkSize: chunkSize)
        return runBlocking { () async -> FuzzOutcome in
            // A password makes the driver answer 0x21 (verify first) with VfyPwd and retry.
            let module = ZFMModule(link: link, configuration: ZFMModule.Configuration(password: 0))
            do {
                return .accepted(try await command(index, on: module))
            } catch {
                return .rejected(error)
            }
        }
    }

    /// Runs command `index` and describes its result.
    static func command(_ index: Int, on module: ZFMModule) async throws -> String {
        let service = ZFMFingerprintModuleService(module: module)
        switch index {
        case 0: return "genImg \(try await module.genImg())"
        case 1: try await module.img2Tz(.one)
        case 2: return "match \(try await module.match())"
        case 3: return "search \(String(describing: try await module.search(.one, startPage: 0, pageCount: 1000)))"
        case 4:
            let hit = try await module.highSpeedSearch(.two, startPage: 0, pageCount: 300)
            return "highSpeedSearch \(String(describing: hit))"
        case 5: try await module.regModel()
        case 6: try await module.store(.one, page: 3)
        case 7: try await module.loadChar(.two, page: 3)
        case 8: try await module.deleteChar(page: 3, count: 1)
        case 9: try await module.empty()
        case 10: try await module.setSysPara(.packetSize, value: 1)
        case 11: return "readSysPara \(try await module.readSysPara())"
        case 12: try await module.verifyPassword(0)
        case 13: return "getRandomCode \(try await module.getRandomCode())"
        case 14: try await module.setAddress(0x1234_5678)
        case 15: return "templateCount \(try await module.templateCount())"
        case 16: return "readIndexTable \(try await module.readIndexTable(indexPage: 1).count) pages"
        case 17: return "upChar \(try await module.upChar(.one).count) bytes"
        case 18: try await module.downChar(.one, [UInt8](repeating: 0x5A, count: 512))
        case 19: return "upImage \(try await module.upImage().pixels.count) pixels"
        case 20: try await module.auraLedConfig(control: .breathing, speed: 100, colour: .blue, count: 2)
        case 21: return "occupiedPages \(try await service.occupiedPages().count)"
        case 22:
            let template = Template(
                modality: .fingerprint, algorithm: .zfmModule,
                data: Data(repeating: 0x5A, count: ZFMFingerprintReader.templateLength))
            return "library search \(String(describing: try await service.search(template)))"
        default: return "downloadTemplate \(try await service.downloadTemplate(page: 7).data.count) bytes"
        }
        return "command \(index) ok"
    }
}
