import Imaging
import Testing

@testable import FaceRecognition

/// The detector's faster colour FHOG (Sources/C/CDlibFace/ColourFHOG.hpp) must give dlib's features bit for
/// bit, or the detections would drift from face_recognition's.
@Suite("Colour FHOG equals dlib's", .enabled(if: FaceTestSupport.canRun, FaceTestSupport.skipMessage))
struct ColourFHOGTests {
    /// The top-left `width` × `height` of `frame`.
    static func crop(_ frame: RGBFrame, width: Int, height: Int) throws -> RGBFrame {
        var pixels: [UInt8] = []
        for y in 0..<height {
            let start = y * frame.stride
            pixels += frame.pixels[start..<(start + 3 * width)]
        }
        return try RGBFrame(width: width, height: height, pixels: pixels)
    }

    /// A frame of noise: every gradient direction and channel tie occurs.
    static func noise(width: Int, height: Int, seed: UInt64) throws -> RGBFrame {
        var state = seed
        let pixels = (0..<(3 * width * height)).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Few levels, so equal gradients in two channels (the tie rules) are common.
            return UInt8(truncatingIfNeeded: (state >> 60) * 17)
        }
        return try RGBFrame(width: width, height: height, pixels: pixels)
    }

    @Test(
        "Photos, odd crops and noise: identical features at the detector's padding and at 1",
        arguments: [(Int32(1), Int32(1)), (Int32(10), Int32(10)), (Int32(9), Int32(13))])
    func identical(padding: (Int32, Int32)) throws {
        guard case .rgb(let photo) = try FaceTestSupport.image("face_recognition_examples/obama-480p.jpg") else {
            Issue.record("expected a colour photo")
            return
        }
        var frames = [photo]
        for (width, height) in [(637, 479), (613, 401), (601, 333), (333, 217), (17, 17), (9, 23)] {
            frames.append(try Self.crop(photo, width: min(width, photo.width), height: min(height, photo.height)))
        }
        frames.append(try Self.noise(width: 203, height: 157, seed: 1))
        frames.append(try Self.noise(width: 64, height: 48, seed: 2))
        for frame in frames {
            let result = try FaceModels.colourFHOGDifference(frame, padding: (padding.0, padding.1))
            #expect(result.sameShape, "\(frame.width)×\(frame.height)")
            #expect(result.maxDifference == 0, "\(frame.width)×\(frame.height): max |Δ| \(result.maxDifference)")
        }
    }
}
