import Biometrics
import Foundation

/// The `FingerprintReader` of a ZFM module: features and templates are built on the module.
public struct ZFMFingerprintReader: FingerprintReader {
    /// Byte count of a merged template.
    public static let templateLength = 512

    /// The module driver this reader uses.
    public let module: ZFMModule
    /// Always `.zfmModule`.
    public var algorithm: AlgorithmID { .zfmModule }

    /// A reader on `module`.
    public init(module: ZFMModule) {
        self.module = module
    }

    /// GenImg: 00 → present (and the image is now in the image buffer), 02 → not present.
    public func isFingerPresent() async throws(FingerprintReaderError) -> Bool {
        try await Self.device { () async throws(ZFMError) -> Bool in try await module.genImg() }
    }

    /// Img2Tz(1) on the image GenImg captured, then UpChar(1). 06/07/15 become retry hints.
    public func capture() async throws(FingerprintReaderError) -> FingerCapture {
        do {
            return try await module.exclusively { module in
                do {
                    try await module.img2Tz(.one)
                } catch ZFMError.rejected(_, let code) {
                    guard let hint = Self.retryHints[code] else { throw ZFMError.rejected(.img2Tz, code) }
                    return FingerCapture.retry(hint)
                }
                let features = try await module.upChar(.one)
                return .sample(FingerSample(features: features, quality: Self.estimateQuality(features)))
            }
        } catch {
            throw Self.readerError(error)
        }
    }

    /// The module's template merge (`ZFMModule.mergeTemplate`): DownChar sample 1 → buffer 1 and sample 2 →
    /// buffer 2, RegModel, UpChar(1); every later sample must Match the merged template. A single sample is
    /// merged with itself.
    public func enrollTemplate(from samples: [FingerSample]) async throws(FingerprintReaderError) -> Template {
        guard !samples.isEmpty else {
            throw .deviceFault("enrollTemplate: expected at least 1 sample, got 0")
        }
        do {
            return try await module.mergeTemplate(from: samples)
        } catch ZFMError.rejected(.regModel, .mergeFailed), ZFMError.rejected(.match, .noMatch) {
            throw .samplesDoNotMatch
        } catch {
            throw Self.readerError(error)
        }
    }

    private static func readerError(_ error: any Error) -> FingerprintReaderError {
        switch error {
        case let error as FingerprintReaderError: error
        case let error as ZFMError: .deviceFault(error.description)
        default: .deviceFault(String(describing: error))
        }
    }

    static let retryHints: [ZFMConfirmationCode: FingerRetryHint] = [
        .tooMessy: .tooMessy,
        .tooFewFeatures: .tooFewFeatures,
        .noValidImage: .captureFailed,
        .noFinger: .noFinger,
    ]

    /// The module reports no quality, so this estimates it from how much of the feature area
    /// (after the 16-byte header) holds data: unused minutia slots are zero. 50 % filled → 0, full → 100.
    public static func estimateQuality(_ features: [UInt8]) -> Int {
        let area = features.dropFirst(16)
        guard !area.isEmpty else { return 0 }
        let filled = Double(area.count { $0 != 0 }) / Double(area.count)
        return min(100, max(0, Int((filled * 200 - 100).rounded())))
    }

    private static func device<T>(_ body: () async throws(ZFMError) -> T) async throws(FingerprintReaderError) -> T {
        do {
            return try await body()
        } catch {
            throw .deviceFault(error.description)
        }
    }
}
