import FingerprintLinks
import FingerprintModule
import FingerprintModuleSim
import Foundation

/// Runs `body` against a simulator served on a fresh pseudo-terminal, reached with `TTYLink` at
/// `linkBaud`; the simulated UART runs at `moduleBaud`.
func withTTYRig(
    sim configuration: SimulatedZFMModule.Configuration = .init(uartImages: true),
    driver: ZFMModule.Configuration = .init(imageEncoding: .fourBitsPerPixel),
    moduleBaud: Int? = nil,
    linkBaud: Int = 57600,
    _ body: (Rig, ZFMPTYServer) async throws -> Void
) async throws {
    let sim = SimulatedZFMModule(configuration: configuration)
    let server = try ZFMPTYServer(module: sim, baud: moduleBaud)
    server.start()
    let link: TTYLink
    do {
        link = try await TTYLink.open(path: server.slavePath, baud: linkBaud)
    } catch {
        await server.shutdown()
        throw error
    }
    let module = ZFMModule(link: link, configuration: driver)
    do {
        try await body(Rig(sim: sim, module: module), server)
        await module.close()
        await server.shutdown()
    } catch {
        await module.close()
        await server.shutdown()
        throw error
    }
}
