/// The budget of every decoder in this module, in one place: how large an input may be, how large the decoded image
/// and any buffer sized from a header may be, and how much work a file may ask for. Sizes are checked against the
/// header before anything is allocated or inflated; exceeding a size is an `ImageFileError` of kind `.tooLarge`,
/// exceeding a work budget one of kind `.overBudget`, each naming the budget (`JPEGDecoder` throws `JPEGError`).
public struct ImageLimits: Sendable, Equatable {
    /// Largest width or height accepted.
    public var maxSide: Int
    /// Largest width × height accepted.
    public var maxPixels: Int
    /// Largest input: a file read from disk, or the bytes given to a decoder.
    public var maxFileBytes: Int
    /// Largest buffer a decoder allocates from header values: the decoded samples, and PNG's inflated rows (up to
    /// 8 bytes a pixel at 16-bit RGBA, so it binds before `maxPixels` does for deep PNGs).
    public var maxDecodedBytes: Int
    /// Most scans (SOS markers) in a JPEG. Each progressive scan makes libjpeg-turbo visit every block of its
    /// component again, so the decoding time grows with scans × pixels. libjpeg-turbo's own limit
    /// (`TJFLAG_LIMITSCANS`, always set) is fixed at `JPEGDecoder.libjpegTurboScanLimit` (500); this budget is
    /// counted before decoding and may only be lower.
    public var maxJPEGScans: Int
    /// Most chunks in a PNG (ancillary ones included), each CRC-checked on the walk to IEND.
    public var maxPNGChunks: Int
    /// Most strips a TIFF's StripOffsets and StripByteCounts may list, checked before they are read.
    public var maxTIFFStrips: Int
    /// Most decimal samples in an ASCII Netpbm raster (P2, P3), checked against the header before parsing: text
    /// costs several times as much to parse per sample as binary.
    public var maxNetpbmTextSamples: Int
    /// The formats accepted; others are refused after the signature is read.
    public var formats: Set<ImageFormat>

    /// Limits with the given values (the defaults are `standard`'s).
    public init(
        maxSide: Int = 16_384, maxPixels: Int = 50_000_000, maxFileBytes: Int = 512 << 20,
        maxDecodedBytes: Int = 256 << 20, maxJPEGScans: Int = 100, maxPNGChunks: Int = 100_000,
        maxTIFFStrips: Int = 65_536, maxNetpbmTextSamples: Int = 1 << 24,
        formats: Set<ImageFormat> = Set(ImageFormat.allCases)
    ) {
        self.maxSide = maxSide
        self.maxPixels = maxPixels
        self.maxFileBytes = maxFileBytes
        self.maxDecodedBytes = maxDecodedBytes
        self.maxJPEGScans = maxJPEGScans
        self.maxPNGChunks = maxPNGChunks
        self.maxTIFFStrips = maxTIFFStrips
        self.maxNetpbmTextSamples = maxNetpbmTextSamples
        self.formats = formats
    }

    /// Files an operator gives `attendctl` and the benchmarks (fingerprint sets, face sets): every format, 16384
    /// per side (`RGBFrame`'s limit), 50 megapixels, 512 MiB files, 256 MiB decoded (a 50-megapixel RGB image is
    /// 150 MB), 100 JPEG scans (real progressive photos have 5-20), 100,000 PNG chunks (a 512 MiB PNG in libpng's
    /// 8 KiB IDATs has 65,536), 65,536 TIFF strips (one row a strip at `GrayImage`'s largest height), 16 Mi ASCII
    /// Netpbm samples (a 4096 × 4096 grey P2).
    public static let standard = ImageLimits()

    /// Photos pushed by the cloud for face enrollment (`push_user_face` → `download_photo`), decoded from bytes
    /// nobody on the terminal chose. Only JPEG (what WeCom sends) and PNG. A face needs far less than a camera's
    /// full resolution, but the photo is whatever the phone took: 4096 per side and 16 megapixels (4096²) take a
    /// 12-megapixel phone photo (4032 × 3024) whole. 8 MiB holds such a photo as a JPEG several times over.
    /// 80 MiB decoded holds the RGB image (48 MiB) and an 8-bit RGBA PNG's rows (64 MiB) at the pixel limit, not a
    /// 16-bit one, and a progressive 12-megapixel 4:2:0 photo's RGB with the coefficients libjpeg-turbo holds for it
    /// (36 + 36 MB). 64 JPEG scans: real photos have up to about 20, and at 16 megapixels each scan costs a few
    /// milliseconds, so a scan bomb is refused before it costs more than a normal photo's decoding (the 500 of
    /// libjpeg-turbo's own limit would let one photo take seconds). 10,000 PNG chunks: 8 MiB in 8 KiB IDATs is
    /// 1,024, and one IDAT a row at 4096 rows is 4,096.
    public static let photo = ImageLimits(
        maxSide: 4096, maxPixels: 4096 * 4096, maxFileBytes: 8 << 20, maxDecodedBytes: 80 << 20, maxJPEGScans: 64,
        maxPNGChunks: 10_000, maxTIFFStrips: 0, maxNetpbmTextSamples: 0, formats: [.jpeg, .png])

    /// A camera's MJPEG frames (`JPEGDecoder`'s default): 16384 per side and 4096² pixels as before, 32 MiB a frame
    /// (far above any real frame), 32 scans (UVC cameras send baseline frames, one scan; tests decode real
    /// progressive photos, up to 14 scans, with the same decoder).
    public static let cameraFrame = ImageLimits(
        maxPixels: 4096 * 4096, maxFileBytes: 32 << 20, maxDecodedBytes: 3 * 4096 * 4096, maxJPEGScans: 32,
        formats: [.jpeg])

    /// Throws `.malformed` for a side below 1 and `.tooLarge` for sizes beyond the limits; returns the pixel count.
    @discardableResult
    func check(width: Int, height: Int, format: ImageFormat, field: String, offset: Int?) throws(ImageFileError) -> Int
    {
        guard width >= 1, height >= 1 else {
            throw .malformed(
                format, field, offset: offset, expected: "width and height of at least 1", found: "\(width)×\(height)")
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard width <= maxSide, height <= maxSide, !overflow, pixels <= maxPixels else {
            throw ImageFileError(
                kind: .tooLarge, format: format, field: field, offset: offset,
                expected: "at most \(maxSide) per side and \(maxPixels) pixels (ImageLimits.maxSide, .maxPixels)",
                found: "\(width)×\(height)")
        }
        return pixels
    }

    /// The product of `factors`, the size of a buffer sized from header values, after checking it against
    /// `maxDecodedBytes`; `what` says what the buffer holds, e.g. "7071×7071 RGBA 16-bit: filtered rows".
    func checkDecodedBytes(
        _ factors: Int..., what: String, format: ImageFormat, field: String, offset: Int?
    ) throws(ImageFileError) -> Int {
        let size = checkedProduct(factors)
        guard let size, size <= maxDecodedBytes else {
            throw ImageFileError(
                kind: .tooLarge, format: format, field: field, offset: offset,
                expected: "at most \(maxDecodedBytes) decoded bytes (ImageLimits.maxDecodedBytes)",
                found: "\(what): \(size.map { "\($0) bytes" } ?? "more than \(Int.max) bytes")")
        }
        return size
    }

    /// Throws `.overBudget` when `count` exceeds `limit`, the budget named `budget` (e.g. "maxPNGChunks").
    static func checkWork(
        _ count: Int, limit: Int, budget: String, format: ImageFormat, field: String, offset: Int?, found: String? = nil
    ) throws(ImageFileError) {
        guard count <= limit else {
            throw ImageFileError(
                kind: .overBudget, format: format, field: field, offset: offset,
                expected: "at most \(limit) (ImageLimits.\(budget))", found: found ?? "\(count)")
        }
    }
}

/// The product of `factors`, or nil when it overflows `Int` or a factor is negative.
func checkedProduct(_ factors: [Int]) -> Int? {
    var product = 1
    for factor in factors {
        guard factor >= 0 else { return nil }
        let (next, overflow) = product.multipliedReportingOverflow(by: factor)
        if overflow { return nil }
        product = next
    }
    return product
}

/// The product of non-negative `factors`, or `Int.max` when it overflows: for sizes that are then compared with
/// the file's size, which no file reaches.
func saturatingProduct(_ factors: Int...) -> Int {
    checkedProduct(factors) ?? .max
}

/// `a + b` for non-negative sizes, or `Int.max` when it overflows.
func saturatingSum(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? .max : sum
}
