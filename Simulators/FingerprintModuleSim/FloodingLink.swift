import FingerprintModule

/// The host's end of a link to a simulated module, with the module's unsolicited output
/// (`ZFMFault.flood`) in front of what the link delivers. While the module floods, every read returns
/// `chunkSize` flood bytes at once, as from a device that streams faster than the host reads; otherwise
/// reads, writes and close go straight to `link`.
public final class FloodingLink: ByteLink {
    /// The link the host's bytes travel over.
    public let link: any ByteLink
    /// The module whose unsolicited output comes first.
    public let module: SimulatedZFMModule
    /// Flood bytes one read returns (a serial driver's read size).
    public let chunkSize: Int

    /// `link` with `module`'s unsolicited output in front, `chunkSize` bytes a read.
    public init(_ link: any ByteLink, module: SimulatedZFMModule, chunkSize: Int = 4096) {
        self.link = link
        self.module = module
        self.chunkSize = max(1, chunkSize)
    }

    /// Sends `bytes` over `link`.
    public func write(_ bytes: [UInt8]) async throws {
        try await link.write(bytes)
    }

    /// Flood bytes while the module floods, else what `link` delivers.
    public func read(timeout: Duration) async throws -> [UInt8] {
        let flood = module.unsolicitedOutput(maximum: chunkSize)
        guard flood.isEmpty else { return flood }
        return try await link.read(timeout: timeout)
    }

    /// Closes `link`.
    public func close() async {
        await link.close()
    }
}
