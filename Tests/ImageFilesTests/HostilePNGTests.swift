import HostileImages
import Testing

@testable import ImageFiles

/// Crafted PNGs: a header promising 400 MB in 68 bytes, a stream inflating a thousand times past its header, a flood
/// of chunks, chunk lengths past the file.
@Suite struct HostilePNGTests {
    /// 7071 × 7071 RGBA-16 (just under 50 megapixels): refused from the header, naming the declared size, before
    /// anything is allocated or inflated.
    @Test func dimensionBombIsRefusedFromItsHeader() throws {
        let bomb = HostileImage.pngDimensionBomb()
        #expect(bomb.count < 70)
        let error = try #require(decodeError(bomb))
        #expect(error.kind == .tooLarge && error.field == "IHDR width × height", "\(error)")
        #expect(error.found == "7071×7071 RGBA 16-bit, filtered rows: \(7071 * (7071 * 8 + 1)) bytes")
        #expect(error.expected == "at most \(256 << 20) decoded bytes (ImageLimits.maxDecodedBytes)")
        let photo = try #require(decodeError(bomb, limits: .photo))
        #expect(photo.kind == .tooLarge && photo.found == "7071×7071", "\(photo)")
    }

    /// Allowed by the limits, the bomb fails on its short stream: the output grows with what inflates, never
    /// allocated from the header's 400 MB.
    @Test func dimensionBombWithinTheLimitsFailsOnItsShortStream() throws {
        let error = try #require(
            decodeError(HostileImage.pngDimensionBomb(), limits: ImageLimits(maxDecodedBytes: .max)))
        #expect(error.kind == .truncated && error.field == "IDAT zlib stream", "\(error)")
        #expect(error.expected == "\(7071 * (7071 * 8 + 1)) bytes of filtered rows" && error.found == "16 bytes")
    }

    /// 16 × 16 grey promises 272 bytes; the IDAT holds 64 MiB. Inflating stops one byte past the promise.
    @Test func streamInflatingPastTheHeaderStopsThere() throws {
        let bomb = HostileImage.pngInflationBomb()
        #expect(bomb.count < 100_000)
        let error = try #require(decodeError(bomb))
        #expect(error.kind == .malformed && error.field == "IDAT zlib stream (inflated size)", "\(error)")
        #expect(error.expected == "exactly the 272 bytes of filtered rows that IHDR declares")
        #expect(error.found == "more than 272 bytes (inflating stopped there)")
    }

    @Test func chunkFloodIsRefusedByTheChunkBudget() throws {
        let flood = HostileImage.pngChunkFlood(chunks: 100_000)
        for limits in [ImageLimits.standard, .photo] {
            let error = try #require(decodeError(flood, limits: limits))
            #expect(error.kind == .overBudget && error.field == "chunk count", "\(error)")
            #expect(error.expected == "at most \(limits.maxPNGChunks) (ImageLimits.maxPNGChunks)")
        }
        let few = try ImageFile.decode(HostileImage.pngChunkFlood(chunks: 10))
        #expect(few.width == 1 && few.samples == [0])
        #expect(
            decodeError(HostileImage.pngChunkFlood(chunks: 10), limits: ImageLimits(maxPNGChunks: 12))?.kind
                == .overBudget)
        #expect(
            try ImageFile.decode(HostileImage.pngChunkFlood(chunks: 10), limits: ImageLimits(maxPNGChunks: 13)).width
                == 1)
    }

    @Test func chunkLengthPastTheFileOrPast2To31IsRefused() throws {
        let past = try #require(decodeError(HostileImage.pngChunkLength(1000)))
        #expect(past.kind == .truncated && past.field == "IHDR data", "\(past)")
        let huge = try #require(decodeError(HostileImage.pngChunkLength(0xFFFF_FFFF)))
        #expect(huge.kind == .malformed && huge.field == "chunk 0 length", "\(huge)")
    }
}
