import Biometrics
import FingerprintModule
import FingerprintModuleSim
import Foundation
import ISOFingerprint
import Testing

/// The FVC2002 DB1_B folder, or nil (tests then skip with a message).
let fvc2002 = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/data/fingerprints/fvc2002_db1_b")

var sharedDataPresent: Bool { FileManager.default.fileExists(atPath: fvc2002.path) }

/// Impression `impression` of FVC2002 finger `finger` as a simulated finger.
func fvcFinger(_ finger: Int, _ impression: Int) throws -> SimulatedFinger {
    try SimulatedFinger(imageFile: fvc2002.appendingPathComponent("\(finger)_\(impression).tif"))
}

/// A simulated module served over an in-process link, driven through `ISOFingerprintReader`.
struct ISORig {
    let sim: SimulatedZFMModule
    let module: ZFMModule
    let reader: ISOFingerprintReader

    static func run(uart: Bool = false, _ body: (ISORig) async throws -> Void) async throws {
        let sim = SimulatedZFMModule(configuration: .init(uartImages: uart))
        let pair = InProcessLinkPair()
        let server = Task { await sim.serve(pair.device) }
        let module = ZFMModule(
            link: pair.host, configuration: .init(imageEncoding: uart ? .fourBitsPerPixel : .eightBitsPerPixel))
        let rig = ISORig(sim: sim, module: module, reader: ISOFingerprintReader(module: module))
        do {
            try await body(rig)
        } catch {
            await rig.stop(pair, server)
            throw error
        }
        await rig.stop(pair, server)
    }

    private func stop(_ pair: InProcessLinkPair, _ server: Task<Void, Never>) async {
        await module.close()
        await pair.device.close()
        await server.value
    }

    /// Places `finger`, captures it through the reader, lifts it.
    func press(_ finger: SimulatedFinger) async throws -> FingerCapture {
        sim.place(finger)
        defer { sim.lift() }
        #expect(try await reader.isFingerPresent())
        return try await reader.capture()
    }

    func sample(_ finger: SimulatedFinger) async throws -> FingerSample {
        let captured = try await press(finger)
        guard case .sample(let sample) = captured else {
            Issue.record("expected a sample of \(finger.identity), got \(captured)")
            throw ISORigError.noSample
        }
        return sample
    }
}

enum ISORigError: Error {
    case noSample
}
