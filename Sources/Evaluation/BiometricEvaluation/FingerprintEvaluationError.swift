import ImageFiles
import Minutiae

/// Why a fingerprint evaluation, rendering or benchmark could not run.
public enum FingerprintEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The impression plan is unusable (`field` is "enroll" or "probe").
    case invalidPlan(field: String, expected: String, found: String)
    /// The folder could not be scanned for `NNN_I` images (missing, empty, badly named files).
    case folder(TestSetScanError)
    /// The folder of `.iso` records is missing or cannot be listed.
    case unreadableFolder(path: String, reason: String)
    /// The folder holds no `NNN_I.iso` record.
    case noRecords(folder: String)
    /// No finger of the folder has every planned impression in a usable state; `notes` say why for each.
    case noUsableFinger(folder: String, impressions: [Int], notes: [String])
    /// An image file could not be read or decoded.
    case image(path: String, ImageFileError)
    /// The extractor rejected an image.
    case extraction(path: String, MinutiaeExtractionError)

    public var description: String {
        switch self {
        case let .invalidPlan(field, expected, found):
            "impression plan \(field): expected \(expected), found \(found)"
        case let .folder(error):
            "fingerprint folder \(error)"
        case let .unreadableFolder(path, reason):
            "\(path): expected a listable folder of NNN_I.iso records, found: \(reason)"
        case let .noRecords(folder):
            "\(folder): expected NNN_I.iso minutiae records, found none"
        case let .noUsableFinger(folder, impressions, notes):
            "\(folder): expected at least one finger with impressions \(ImpressionPlan.text(impressions)), found none"
                + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")")
        case let .image(path, error):
            "\(path): \(error)"
        case let .extraction(path, error):
            "\(path): minutiae extraction failed: \(error)"
        }
    }
}
