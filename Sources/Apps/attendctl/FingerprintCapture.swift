import ArgumentParser
import Biometrics
import FingerprintModule
import Foundation
import ImageFiles
import Imaging
import Measuring

struct FingerprintCapture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract:
            "Waits for a finger, uploads the sensor image (8-bit on native USB, 4-bit on UART links) and writes it as PNG and/or PGM."
    )

    @OptionGroup var options: FingerprintLinkOptions

    @Option(help: "Write the image as PNG (8-bit greyscale) to this file.")
    var png: String?

    @Option(help: "Write the image as binary PGM to this file.")
    var pgm: String?

    @Option(help: "Seconds to wait for a finger (1-300).")
    var timeout: Int = 10

    func validate() throws {
        guard png != nil || pgm != nil else { throw ValidationError("give --png FILE and/or --pgm FILE") }
        guard (1...300).contains(timeout) else {
            throw ValidationError("--timeout: expected 1-300 seconds, got \(timeout)")
        }
    }

    func run() async throws {
        let image = try await options.open().use { session async throws -> GrayImage in
            try await Self.waitForImage(session, timeout: timeout)
        }
        for (path, data) in [(png, Data(PNGEncoder.encode(image))), (pgm, image.pgm())] {
            guard let path else { continue }
            do {
                try data.write(to: URL(fileURLWithPath: path))
            } catch {
                throw FingerprintCommandError("cannot write \(path): \(error.localizedDescription)")
            }
            say("wrote \(path): \(image.width)×\(image.height) greyscale, \(data.count) bytes")
        }
    }

    /// Polls GenImg until a finger is on the sensor, then uploads its image.
    static func waitForImage(_ session: FingerprintSession, timeout: Int) async throws -> GrayImage {
        say("place a finger on the sensor (\(timeout) s; polling GenImg every 100 ms)")
        let started = ContinuousClock.now
        var captured: GrayImage?
        let present = try await poll(timeout: .seconds(timeout)) { () async throws -> Bool in
            captured = try await imageIfFingerPresent(session.service)
            return captured != nil
        }
        guard present, let image = captured else {
            throw FingerprintCommandError("no finger on the sensor within \(timeout) s")
        }
        let elapsed = started.duration(to: .now).seconds
        say("finger seen; image captured and uploaded (\(String(format: "%.1f", elapsed)) s after the prompt)")
        return image
    }

    /// GenImg then UpImage; nil while the sensor is empty.
    static func imageIfFingerPresent(_ service: ZFMFingerprintModuleService) async throws -> GrayImage? {
        do {
            return try await service.captureImage()
        } catch {
            if error == .rejected(.genImg, .noFinger) { return nil }
            throw error
        }
    }
}
