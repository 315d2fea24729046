import Biometrics
import FingerprintModule
import Foundation
import Imaging
import Minutiae
import SystemSupport

/// A `FingerprintReader` that uses a ZFM module as a sensor only: each press's image is uploaded and
/// its minutiae are extracted on the host; the template is an ISO/IEC 19794-2:2005 record holding one
/// finger view per press (`AlgorithmID.isoMinutiae`), readable by any ISO matcher.
public struct ISOFingerprintReader: FingerprintReader {
    /// The module driver used as the sensor.
    public let module: ZFMModule
    public let extractor: MinutiaeExtractor
    public let matcher: MinutiaeMatcher
    /// A press with fewer minutiae is a retry hint (`tooFewFeatures`).
    public let minimumMinutiae: Int
    /// A press whose overall quality is lower is a retry hint (`tooMessy`).
    public let minimumQuality: Int
    private let worker = OffPoolWorker(label: "ISOFingerprintReader.extract")

    public init(
        module: ZFMModule, extractor: MinutiaeExtractor = MinutiaeExtractor(),
        matcher: MinutiaeMatcher = MinutiaeMatcher(),
        minimumMinutiae: Int = 8, minimumQuality: Int = 20
    ) {
        self.module = module
        self.extractor = extractor
        self.matcher = matcher
        self.minimumMinutiae = minimumMinutiae
        self.minimumQuality = minimumQuality
    }

    public var algorithm: AlgorithmID { .isoMinutiae }

    /// GenImg: 00 → present (the image is now in the module's image buffer), 02 → not present.
    public func isFingerPresent() async throws(FingerprintReaderError) -> Bool {
        do {
            return try await module.genImg()
        } catch {
            throw .deviceFault(error.description)
        }
    }

    /// UpImage, then extraction on the host; the image is dropped once its minutiae exist.
    public func capture() async throws(FingerprintReaderError) -> FingerCapture {
        try await capture(progress: { _ in })
    }

    /// `capture()`, reporting the upload as it goes (over a 57,600-baud UART it takes about 7 s).
    public func capture(
        progress: @escaping @Sendable (FingerImageTransfer) -> Void
    ) async throws(FingerprintReaderError) -> FingerCapture {
        let image: GrayImage
        do {
            image = try await module.upImage { received, expected in
                progress(FingerImageTransfer(receivedBytes: received, totalBytes: expected))
            }.grayImage
        } catch {
            throw .deviceFault(error.description)
        }
        let outcome = await worker.run { [extractor] () -> Result<MinutiaeSet, MinutiaeExtractionError> in
            Result { () throws(MinutiaeExtractionError) -> MinutiaeSet in try extractor.extract(image) }
        }
        switch outcome {
        case .failure:
            return .retry(.captureFailed)
        case .success(let set):
            if set.minutiae.isEmpty, set.quality == 0 { return .retry(.noFinger) }
            if set.minutiae.count < minimumMinutiae { return .retry(.tooFewFeatures) }
            if set.quality < minimumQuality { return .retry(.tooMessy) }
            return .sample(FingerSample(features: Array(try Self.record([set])), quality: set.quality))
        }
    }

    /// One ISO record with every press as a view. Each press must match at least one other press
    /// (one pair failing alone is normal for genuine presses; a press matching none is another finger).
    public func enrollTemplate(from samples: [FingerSample]) async throws(FingerprintReaderError) -> Template {
        guard !samples.isEmpty else { throw .deviceFault("enrollTemplate: expected at least 1 sample, got 0") }
        var sets: [MinutiaeSet] = []
        for (index, sample) in samples.enumerated() {
            let record: ISOMinutiaeRecord
            do {
                record = try ISOMinutiaeRecord(isoData: Data(sample.features))
            } catch {
                throw .deviceFault("sample \(index + 1): not a minutiae record from this reader: \(error)")
            }
            sets.append(contentsOf: record.minutiaeSets.prefix(1))
        }
        let presses = sets
        let agrees = await worker.run { [matcher] () -> Bool in Self.everyPressHasAPartner(presses, matcher: matcher) }
        guard agrees else { throw .samplesDoNotMatch }
        return Template(modality: .fingerprint, algorithm: .isoMinutiae, data: try Self.record(presses))
    }

    static func everyPressHasAPartner(_ sets: [MinutiaeSet], matcher: MinutiaeMatcher) -> Bool {
        guard sets.count > 1 else { return true }
        let prepared = sets.map { matcher.prepare($0) }
        return prepared.indices.allSatisfy { index in
            prepared.indices.contains { other in other != index && matcher.matches(prepared[index], prepared[other]) }
        }
    }

    private static func record(_ sets: [MinutiaeSet]) throws(FingerprintReaderError) -> Data {
        do {
            return try ISOMinutiaeRecord(sets: sets).isoData()
        } catch {
            throw .deviceFault("ISO record: \(error)")
        }
    }
}
