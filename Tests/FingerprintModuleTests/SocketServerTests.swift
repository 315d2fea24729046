import FingerprintLinks
import FingerprintModule
import FingerprintModuleSim
import Foundation
import Testing

@Suite("Unix socket server")
struct SocketServerTests {
    @Test("serves one client at a time and the next one after it leaves")
    func oneClientAtATime() async throws {
        let sim = SimulatedZFMModule()
        let path = NSTemporaryDirectory() + "zfm-\(UUID().uuidString.prefix(8)).sock"
        let server = try ZFMSocketServer(module: sim, path: path)
        server.start()
        let quick = ZFMModule.Configuration(commandTimeout: .milliseconds(200))
        let first = ZFMModule(link: try await UnixSocketLink.connect(path: path), configuration: quick)
        let second = ZFMModule(link: try await UnixSocketLink.connect(path: path), configuration: quick)
        #expect(try await first.templateCount() == 0)
        await #expect(throws: ZFMError.timeout(.templateNum, after: .milliseconds(200))) {
            try await second.templateCount()
        }
        await first.close()
        #expect(try await second.templateCount() == 0)
        await second.close()
        await server.shutdown()
        #expect(!FileManager.default.fileExists(atPath: path), "socket file removed")
        await #expect(throws: ByteLinkError.self) { try await UnixSocketLink.connect(path: path) }
    }

    @Test("a link reports the server going away")
    func serverShutdown() async throws {
        let path = NSTemporaryDirectory() + "zfm-\(UUID().uuidString.prefix(8)).sock"
        let server = try ZFMSocketServer(module: SimulatedZFMModule(), path: path)
        server.start()
        let module = ZFMModule(link: try await UnixSocketLink.connect(path: path))
        #expect(try await module.templateCount() == 0)
        await server.shutdown()
        await #expect(throws: ZFMError.linkFailure("link closed")) { try await module.templateCount() }
        await module.close()
    }
}
