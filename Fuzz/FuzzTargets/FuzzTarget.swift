/// The decoders of untrusted bytes that are fuzzed, one executable each (`fuzz-<name>`). Each `run` must
/// return for every input, whatever it is: no trap, no hang, no allocation beyond the fuzzer's RSS limit.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The ZFM packet codec and its streaming decoder (bytes from the fingerprint module).
    case zfmPacket = "zfm-packet"
    /// The module driver's reply parsing: one command answered by the input.
    case zfmReply = "zfm-reply"
    /// The ISO/IEC 19794-2:2005 record reader and the 1:N gallery that compares stored records.
    case isoRecord = "iso-record"
    /// PNG files and photos.
    case png
    /// TIFF files.
    case tiff
    /// BMP files.
    case bmp
    /// JPEG files, photos and MJPEG camera frames (libjpeg-turbo).
    case jpeg
    /// PGM and PPM files (Netpbm).
    case netpbm
    /// The WeCom text frame: envelope, then the push or response decoder it selects.
    case wecomFrame = "wecom-frame"
    /// The binary `download_photo` frame.
    case photoFrame = "photo-frame"
    /// The daemon's config file.
    case config

    /// The executable that fuzzes this target.
    public var executableName: String { "fuzz-\(rawValue)" }

    /// The longest input libFuzzer generates for this target (`-max_len`): room for every structure the
    /// decoder reads, small enough that each run stays fast.
    public var maxInputLength: Int {
        switch self {
        case .zfmPacket, .photoFrame, .config: 4096
        case .zfmReply, .isoRecord, .wecomFrame: 8192
        case .png, .tiff, .bmp, .jpeg, .netpbm: 16384
        }
    }

    /// Runs the decoder on `bytes`; rejected input is an ordinary outcome, never a failure.
    public func run(_ bytes: [UInt8]) -> FuzzOutcome {
        switch self {
        case .zfmPacket: ZFMPacketFuzz.run(bytes)
        case .zfmReply: ZFMReplyFuzz.run(bytes)
        case .isoRecord: ISORecordFuzz.run(bytes)
        case .png: PNGFuzz.run(bytes)
        case .tiff: ImageFileFuzz.run(bytes, format: .tiff)
        case .bmp: ImageFileFuzz.run(bytes, format: .bmp)
        case .jpeg: JPEGFuzz.run(bytes)
        case .netpbm: NetpbmFuzz.run(bytes)
        case .wecomFrame: WeComFrameFuzz.run(bytes)
        case .photoFrame: PhotoFrameFuzz.run(bytes)
        case .config: ConfigFuzz.run(bytes)
        }
    }
}

/// What a decoder made of one input.
public enum FuzzOutcome: Sendable {
    /// The input was decoded; the text says what it was.
    case accepted(String)
    /// The decoder refused the input with this error.
    case rejected(any Error)

    /// True for `.accepted`.
    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }

    /// One line for the replay log.
    public var summary: String {
        switch self {
        case .accepted(let what): "accepted: \(what)"
        case .rejected(let error): "rejected: \(String(describing: error).prefix(200))"
        }
    }
}
