import CameraSim
import Foundation
import ImageFiles
import Imaging
import Testing

/// Frame sources and image files: plain Swift, no umockdev needed.
@Suite struct FrameSourceTests {
    @Test(.enabled(if: SampleData.isAvailable, SampleData.skipReason))
    func orlDirectoryLoadsInNaturalOrderAndLoops() throws {
        let source = try SequenceFrameSource(directory: SampleData.orlSubject1)
        #expect(source.images.count == 10)
        #expect(source.images.allSatisfy { $0.width == 92 && $0.height == 112 })
        #expect(source.frame(at: 1) == (try CameraImage.readPGM(path: SampleData.orlSubject1 + "/2.pgm")))
        #expect(source.frame(at: 9) == (try CameraImage.readPGM(path: SampleData.orlSubject1 + "/10.pgm")))
        #expect(source.frame(at: 10) == source.frame(at: 0))
    }

    @Test(.enabled(if: SampleData.isAvailable, SampleData.skipReason))
    func jpegFilesDecodeToGrey() throws {
        let image = try CameraImage.read(path: SampleData.faceJPEG)
        #expect(image.width > 0 && image.height == 240)
        let mean = image.pixels.reduce(0) { $0 + Int($1) } / image.pixels.count
        #expect((20...235).contains(mean))
    }

    @Test func malformedPGMNamesTheField() throws {
        let path = NSTemporaryDirectory() + "camerasim-bad-\(getpid()).pgm"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("P2\n2 2\n255\n1 2 3 4\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try CameraImage.readPGM(path: path)
        } throws: { error in
            guard case CameraSimError.malformedImage(path, "magic", _) = error else { return false }
            return true
        }
        try Data("P5\n4 4\n255\n".utf8 + [1, 2, 3]).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try CameraImage.readPGM(path: path)
        } throws: { error in
            guard case CameraSimError.malformedImage(path, "pixel data", _) = error else { return false }
            return true
        }
        #expect(throws: CameraSimError.imageUnreadable(path: path + ".missing", errno: ENOENT)) {
            _ = try CameraImage.readPGM(path: path + ".missing")
        }
        #expect(
            throws: CameraSimError.malformedImage(
                path: "x.png", field: "file extension",
                expected: ".pgm, .jpg or .jpeg")
        ) {
            _ = try CameraImage.read(path: "x.png")
        }
    }

    @Test func imageRejectsAPixelCountThatDoesNotMatch() {
        #expect(throws: CameraSimError.invalidConfiguration(field: "CameraImage.pixels", expected: "4 bytes, got 3")) {
            _ = try CameraImage(width: 2, height: 2, pixels: [1, 2, 3])
        }
        #expect(throws: (any Error).self) { _ = try SequenceFrameSource([]) }
    }

    @Test func nearestNeighbourResizeRepeatsAndSkipsPixels() throws {
        let image = try CameraImage(width: 2, height: 2, pixels: [1, 2, 3, 4])
        let up = image.resized(to: CameraFrameSize(width: 4, height: 2))
        #expect(up.pixels == [1, 1, 2, 2, 3, 3, 4, 4])
        let down = try CameraImage(width: 4, height: 2, pixels: [1, 2, 3, 4, 5, 6, 7, 8])
            .resized(to: CameraFrameSize(width: 2, height: 1))
        #expect(down.pixels == [1, 3])
    }

    @Test func strobedSourceDarkensEveryOtherFrame() {
        let source = StrobedFrameSource(MovingGradientSource(width: 8, height: 4), period: 2, phase: 1)
        #expect(source.frame(at: 0).pixels.contains { $0 != 0 })
        #expect(source.frame(at: 1).pixels.allSatisfy { $0 == 0 })
        #expect(source.frame(at: 2) == MovingGradientSource(width: 8, height: 4).frame(at: 2))
    }

    @Test func movingGradientChangesEveryFrame() {
        let source = MovingGradientSource(width: 16, height: 8)
        #expect(source.frame(at: 0) != source.frame(at: 1))
        #expect(source.frame(at: 3).pixels[0] == 21)
    }

    @Test func turboJPEGEncoderMakesADecodableGreyJPEG() throws {
        let image = MovingGradientSource(width: 64, height: 48, step: 0).frame(at: 0)
        let jpeg = TurboJPEGFrameEncoder(quality: 95).encodeJPEG(image)
        #expect(Array(jpeg.prefix(2)) == [0xFF, 0xD8])
        guard case .intact(let frame) = try JPEGDecoder().decodeGray(jpeg) else {
            Issue.record("the encoded JPEG decoded with a warning")
            return
        }
        let decoded = try CameraImage(frame)
        #expect(decoded.width == 64 && decoded.height == 48)
        let error = zip(decoded.pixels, image.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 255
        #expect(error < 24)
    }
}
