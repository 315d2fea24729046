import Biometrics
import FingerprintLinks
import FingerprintModule
import FingerprintModuleSim
import Foundation
import Synchronization
import Testing

/// How the driver reaches the simulator in a test.
enum Transport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inProcess
    case unixSocket

    var testDescription: String { rawValue }
}

/// A simulator, a driver connected to it, and the readers built on the driver.
struct Rig: Sendable {
    let sim: SimulatedZFMModule
    let module: ZFMModule
    var reader: ZFMFingerprintReader { ZFMFingerprintReader(module: module) }
    var matcher: ZFMMatcher { ZFMMatcher(module: module) }
}

let alice = SimulatedFinger("alice-right-index")
let bob = SimulatedFinger("bob-left-thumb")
let carol = SimulatedFinger("carol-right-middle")

/// Runs `body` against a fresh simulator over `transport`, then tears everything down. The driver's link
/// carries the simulator's unsolicited output too (`FloodingLink`), so `ZFMFault.flood` reaches it.
func withRig(
    _ transport: Transport = .inProcess,
    sim configuration: SimulatedZFMModule.Configuration = .init(),
    driver: ZFMModule.Configuration = .init(),
    simulator: SimulatedZFMModule? = nil,
    _ body: (Rig) async throws -> Void
) async throws {
    let sim = simulator ?? SimulatedZFMModule(configuration: configuration)
    let link: any ByteLink
    let teardown: @Sendable () async -> Void
    switch transport {
    case .inProcess:
        let pair = InProcessLinkPair()
        let server = Task { await sim.serve(pair.device) }
        link = pair.host
        teardown = {
            await pair.device.close()
            await server.value
        }
    case .unixSocket:
        let path = NSTemporaryDirectory() + "zfm-\(UUID().uuidString.prefix(8)).sock"
        let server = try ZFMSocketServer(module: sim, path: path)
        server.start()
        link = try await UnixSocketLink.connect(path: path)
        teardown = { await server.shutdown() }
    }
    let module = ZFMModule(link: FloodingLink(link, module: sim), configuration: driver)
    do {
        try await body(Rig(sim: sim, module: module))
        await module.close()
        await teardown()
    } catch {
        await module.close()
        await teardown()
        throw error
    }
}

extension Rig {
    /// Places `finger`, then GenImg + capture until a sample comes back (at most 10 presses).
    func press(_ finger: SimulatedFinger, quality: Int? = nil) async throws -> FingerSample {
        sim.place(finger, quality: quality)
        defer { sim.lift() }
        for _ in 0..<10 {
            guard try await reader.isFingerPresent() else { continue }
            if case .sample(let sample) = try await reader.capture() { return sample }
        }
        throw TestFailure("no usable sample of \(finger.identity) in 10 presses")
    }

    /// A template enrolled from `count` presses of `finger`.
    func enroll(_ finger: SimulatedFinger, presses count: Int = 3) async throws -> Template {
        var samples: [FingerSample] = []
        for _ in 0..<count { samples.append(try await press(finger)) }
        return try await reader.enrollTemplate(from: samples)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Hex string (spaces ignored) to bytes.
func bytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// A link that records what the driver writes, in front of another link.
final class RecordingLink: ByteLink {
    let inner: any ByteLink
    private let written = Mutex<[[UInt8]]>([])
    init(_ inner: any ByteLink) { self.inner = inner }
    var writes: [[UInt8]] { written.withLock { $0 } }
    func write(_ bytes: [UInt8]) async throws {
        written.withLock { $0.append(bytes) }
        try await inner.write(bytes)
    }
    func read(timeout: Duration) async throws -> [UInt8] { try await inner.read(timeout: timeout) }
    func close() async { await inner.close() }
}
