import Biometrics
import FingerprintModule
import Foundation

/// A finger the simulator can place on its sensor. Its features derive deterministically from
/// `identity`; its image is drawn from the identity, or comes from a file.
public struct SimulatedFinger: Sendable, Hashable {
    /// E.g. "alice-right-index", or the FVC finger number "101" for a file-backed finger.
    public let identity: String
    /// 0-100; low quality gives noisier features and occasional Img2Tz 06/07.
    public let quality: Int
    /// The sensor image (256 × 288) UpImage returns, when the finger comes from a file.
    public let image: ZFMImage?
    /// The file the image came from.
    public let imageFile: URL?

    /// A finger; quality is clamped to 0-100.
    public init(_ identity: String, quality: Int = 90) {
        self.identity = identity
        self.quality = min(100, max(0, quality))
        self.image = nil
        self.imageFile = nil
    }

    /// A finger whose image is read from `imageFile` (TIFF or PGM) and fitted to the sensor.
    /// Identity: `identity`, else the FVC finger number of an `NNN_I` name (so impressions of one
    /// finger match each other), else the file name. Quality: `quality`, else the image contrast.
    public init(imageFile: URL, identity: String? = nil, quality: Int? = nil) throws(FingerprintImageFileError) {
        let fitted = FingerprintImageFile.fitToSensor(try FingerprintImageFile.load(imageFile))
        let name = imageFile.lastPathComponent
        self.identity = identity ?? FingerprintImageFile.fvcName(name)?.finger ?? name
        self.quality = min(100, max(0, quality ?? FingerprintImageFile.contrastQuality(fitted.pixels)))
        self.image = fitted
        self.imageFile = imageFile
    }
}
