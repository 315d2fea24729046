import FingerprintModule
import Synchronization

/// A `ByteLink` that remembers the first failure meaning the link itself is gone (closed by the peer,
/// an I/O error such as an unplugged USB device): the recovering fingerprint module reopens after
/// one. Timeouts, overflows and cancellations leave the link usable and are not remembered.
final class LinkLossWatch: ByteLink {
    private let link: any ByteLink
    private let lost = Mutex<String?>(nil)

    init(_ link: any ByteLink) {
        self.link = link
    }

    /// Why the link is gone, or nil while it works.
    var lossReason: String? { lost.withLock { $0 } }

    func write(_ bytes: [UInt8]) async throws {
        do {
            try await link.write(bytes)
        } catch {
            note(error)
            throw error
        }
    }

    func read(timeout: Duration) async throws -> [UInt8] {
        do {
            return try await link.read(timeout: timeout)
        } catch {
            note(error)
            throw error
        }
    }

    func close() async {
        await link.close()
    }

    private func note(_ error: any Error) {
        guard let reason = Self.lossReason(error) else { return }
        lost.withLock { $0 = $0 ?? reason }
    }

    /// The description of an error that ends the link; nil for those after which it still works.
    static func lossReason(_ error: any Error) -> String? {
        switch error {
        case let error as ByteLinkError:
            switch error {
            case .closed, .io: error.description
            case .timeout, .concurrentRead, .cancelled, .overflow: nil
            }
        case is CancellationError: nil
        default: String(describing: error)
        }
    }
}
