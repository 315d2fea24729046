import FingerprintModule

/// A `ByteLink` whose module "answers" with prepared bytes: every read returns the next chunk, and once
/// they are used up the link is silent (reads time out at once, without waiting). Writes are dropped.
actor ScriptedLink: ByteLink {
    private var chunks: ArraySlice<[UInt8]>

    /// A link that delivers `stream` in reads of `chunkSize` bytes.
    init(stream: ArraySlice<UInt8>, chunkSize: Int) {
        var chunks: [[UInt8]] = []
        var offset = stream.startIndex
        while offset < stream.endIndex {
            let end = min(offset + chunkSize, stream.endIndex)
            chunks.append(Array(stream[offset..<end]))
            offset = end
        }
        self.chunks = chunks[...]
    }

    func write(_ bytes: [UInt8]) async throws {}

    /// A zero-timeout read is the driver draining stale input before a command: the prepared bytes are
    /// the answer to that command, so they are kept for the reads that follow it.
    func read(timeout: Duration) async throws -> [UInt8] {
        guard timeout > .zero, let chunk = chunks.popFirst() else { throw ByteLinkError.timeout(timeout) }
        return chunk
    }

    func close() async {}
}
