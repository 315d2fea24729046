import ArgumentParser
import BiometricEvaluation
import Foundation
import Minutiae

/// `attendctl fingerprint render IMAGE --png OUT`: the print with its minutiae drawn, for checking the
/// extractor by eye.
struct FingerprintRender: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract:
            "Draw a fingerprint image with the minutiae our extractor finds: red circles are ridge endings, blue squares bifurcations, each with a line along its direction."
    )

    @Argument(help: "A grey or colour image (TIFF, PNG, BMP, PGM, JPEG), 500 dpi unless --dpi says otherwise.")
    var image: String

    @Option(help: "Where to write the PNG.")
    var png: String

    @Option(help: "The image's resolution in dots per inch.")
    var dpi: Int = 500

    func run() async throws {
        let pixelsPerCentimetre = Int((Double(dpi) / 2.54).rounded())
        let (png, minutiae) = try MinutiaeRendering().png(imageAt: image, pixelsPerCentimetre: pixelsPerCentimetre)
        try Data(png).write(to: URL(fileURLWithPath: self.png))
        let endings = minutiae.minutiae.count { $0.kind == .ending }
        print(
            "\(image): \(minutiae.minutiae.count) minutiae (\(endings) endings, \(minutiae.minutiae.count - endings) bifurcations), quality \(minutiae.quality) → \(self.png)"
        )
    }
}
