import Biometrics
import Foundation

@testable import TerminalStore

/// A fixed instant so that no test depends on the wall clock.
let t0 = Date(timeIntervalSince1970: 1_780_000_000.25)

func uid(_ raw: String) -> UserID { try! UserID(raw) }

func slot(_ modality: Modality, _ index: Int) -> SlotID { SlotID(modality, index)! }

func fpTemplate(_ seed: UInt8, algorithm: AlgorithmID = .zfmModule) -> Template {
    Template(modality: .fingerprint, algorithm: algorithm, data: Data(repeating: seed, count: 512))
}

func faTemplate(_ seed: UInt8, algorithm: AlgorithmID = .default) -> Template {
    Template(
        modality: .face, algorithm: algorithm,
        data: Data((0..<128).map { UInt8(truncatingIfNeeded: Int($0) + Int(seed)) }))
}

/// A fresh folder under the system temp directory, removed by `remove()`.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("terminal-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

struct InjectedFault: Error, Equatable {}

/// A cloud operation whose result window (the enrollment machine's decision) is `window` seconds from receipt.
func pushed(_ operID: String, receivedAt: Date, window: TimeInterval = 55) -> PushedOperation {
    PushedOperation(
        operID: operID, receivedAt: receivedAt, deadline: receivedAt.addingTimeInterval(window), window: window)
}
