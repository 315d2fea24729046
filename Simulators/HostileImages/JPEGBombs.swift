import CTurboJPEG
import Foundation

extension HostileImage {
    /// A progressive colour JPEG of `width × height` that libjpeg-turbo decodes very slowly: after its own ten
    /// scans come `extraScans` more, each a valid AC first scan (Ss 1, Se 63, Ah 0, Al 0) of the luma component
    /// holding nothing but end-of-band runs. Every scan makes the decoder visit every luma block once more, so
    /// the decoding time grows with `extraScans × width × height` while each scan adds only about 22 bytes.
    /// The image itself is a smooth vertical ramp, so the file stays small; with the defaults (a 12-megapixel
    /// photo, 4,000 extra scans) it is about 100 KB. Without a scan limit the image decodes intact (no warning):
    /// the extra scans restate coefficients that the last refinement scans left at zero.
    public static func progressiveScanBomb(width: Int = 4000, height: Int = 3000, extraScans: Int = 4000) -> [UInt8] {
        precondition(width >= 1 && height >= 1 && width <= 65_535 && height <= 65_535 && extraScans >= 0)
        var jpeg = progressiveRamp(width: width, height: height)
        precondition(jpeg.suffix(2) == [0xFF, 0xD9], "TurboJPEG output does not end with EOI")
        jpeg.removeLast(2)
        let componentID = firstComponentID(jpeg)
        // AC table 0 becomes a single one-bit code, 0, for EOB14 (a run of 2^14 plus 14 more bits).
        jpeg += [0xFF, 0xC4] + bigEndian16(2 + 1 + 16 + 1) + [0x10, 1] + [UInt8](repeating: 0, count: 15) + [0xE0]
        // A non-interleaved luma scan covers ceil(width/8) × ceil(height/8) blocks; runs of 32,767 blocks cover them.
        let blocks = (width + 7) / 8 * ((height + 7) / 8)
        var bits = JPEGBitWriter()
        for _ in 0..<(blocks + 32_766) / 32_767 {
            bits.write(0, bits: 1)  // EOB14
            bits.write(32_767 - 16_384, bits: 14)
        }
        bits.finish()
        let scan = [0xFF, 0xDA, 0x00, 0x08, 0x01, componentID, 0x00, 0x01, 0x3F, 0x00] + bits.bytes
        for _ in 0..<extraScans { jpeg += scan }
        return jpeg + [0xFF, 0xD9]
    }

    /// A valid 8 × 8 baseline JPEG whose frame header (SOF0) then declares `width × height`: a header-only size
    /// claim for the decoders' size limits.
    public static func jpegDeclaring(width: UInt16, height: UInt16) -> [UInt8] {
        var jpeg = turboJPEG(pixels: [UInt8](repeating: 128, count: 8 * 8), width: 8, height: 8, gray: true, flags: 0)
        guard let sof = markerOffset(jpeg, 0xC0) else { preconditionFailure("TurboJPEG output has no SOF0") }
        jpeg.replaceSubrange((sof + 5)..<(sof + 9), with: bigEndian16(height) + bigEndian16(width))
        return jpeg
    }

    /// A smooth ramp as a progressive 4:2:0 JPEG at quality 75.
    private static func progressiveRamp(width: Int, height: Int) -> [UInt8] {
        let row = 3 * width
        // A row at a time with memset: fast even in a debug build, where an element loop over 36 MB takes seconds.
        let pixels = [UInt8](unsafeUninitializedCapacity: row * height) { buffer, count in
            for y in 0..<height {
                memset(buffer.baseAddress! + y * row, Int32(y * 255 / max(1, height - 1)), row)
            }
            count = row * height
        }
        return turboJPEG(pixels: pixels, width: width, height: height, gray: false, flags: TJFLAG_PROGRESSIVE)
    }

    private static func turboJPEG(pixels: [UInt8], width: Int, height: Int, gray: Bool, flags: Int32) -> [UInt8] {
        guard let handle = tjInitCompress() else { preconditionFailure("tjInitCompress failed") }
        defer { tjDestroy(handle) }
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        defer { if let output { tjFree(output) } }
        let format = gray ? TJPF_GRAY : TJPF_RGB
        let subsampling = gray ? TJSAMP_GRAY : TJSAMP_420
        let status = pixels.withUnsafeBufferPointer { source in
            tjCompress2(
                handle, source.baseAddress, Int32(width), 0, Int32(height), Int32(format.rawValue), &output, &size,
                Int32(subsampling.rawValue), 75, flags)
        }
        guard status == 0, let output else {
            preconditionFailure("tjCompress2: \(String(cString: tjGetErrorStr2(handle)))")
        }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }

    /// The offset of the first marker segment of type `marker` before the first scan.
    private static func markerOffset(_ jpeg: [UInt8], _ marker: UInt8) -> Int? {
        var offset = 2
        while offset + 3 < jpeg.count, jpeg[offset] == 0xFF, jpeg[offset + 1] != 0xDA {
            if jpeg[offset + 1] == marker { return offset }
            offset += 2 + (Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3]))
        }
        return nil
    }

    /// The identifier of the first component in the frame header (SOF0 or SOF2).
    private static func firstComponentID(_ jpeg: [UInt8]) -> UInt8 {
        guard let sof = markerOffset(jpeg, 0xC2) ?? markerOffset(jpeg, 0xC0) else {
            preconditionFailure("TurboJPEG output has no frame header")
        }
        return jpeg[sof + 10]
    }
}
