import Foundation
import SharedTestData
import Testing

@testable import ImageFiles

@Suite(.enabled(if: SharedData.isPresent, "shared data folder ../shared/data is absent"))
struct SharedDataTests {
    static let imageExtensions: Set<String> = ["tif", "tiff", "png", "pgm", "ppm", "bmp", "jpg", "jpeg"]

    @Test func everySharedImageLoadsAsGreyAndRGB() throws {
        let files = (SharedData.files(under: "fingerprints") + SharedData.files(under: "faces"))
            .filter { Self.imageExtensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
        #expect(files.count >= 350)
        var formats: Set<ImageFormat> = []
        for file in files {
            let image = try ImageFile.load(path: file)
            formats.insert(image.format)
            let gray = try image.grayImage()
            let rgb = try image.rgbFrame()
            #expect(gray.width == image.width && rgb.height == image.height)
            // A loaded photo or print is never one flat colour.
            var seen = [Bool](repeating: false, count: 256)
            for value in gray.pixels { seen[Int(value)] = true }
            #expect(seen.filter { $0 }.count > 16, "\(file) decoded flat")
        }
        #expect(formats == [.tiff, .png, .pgm, .bmp, .jpeg])
    }

    @Test(arguments: [
        ("fingerprints/fvc2002_db1_b/101_1.tif", 388, 374, DecodedImage.Layout.gray),
        ("fingerprints/fvc2004_db4_b_synthetic_subset/101_1.tif", 288, 384, .gray),
        ("fingerprints/libfprint-nist-examples/arch.png", 256, 240, .gray),
        ("fingerprints/libfprint-nist-examples/whorl.jpg", 250, 234, .gray),
        ("fingerprints/sourceafis-test/probe.png", 388, 374, .rgb),
        ("fingerprints/sourceafis-test/probe.bmp", 388, 374, .rgb),
        ("fingerprints/sourceafis-test/wsq-converted.png", 832, 768, .gray),
        ("faces/orl/s1/1.pgm", 92, 112, .gray),
        ("faces/face_recognition_examples/obama-240p.jpg", 427, 240, .rgb),
    ])
    func knownSizes(file: String, width: Int, height: Int, layout: DecodedImage.Layout) throws {
        let image = try ImageFile.load(path: SharedData.path(file))
        #expect(image.width == width)
        #expect(image.height == height)
        #expect(image.layout == layout)
    }

    @Test func sameFingerprintInPNGBMPAndRawAgree() throws {
        let png = try ImageFile.loadGray(path: SharedData.path("fingerprints/sourceafis-test/probe.png"))
        let bmp = try ImageFile.loadGray(path: SharedData.path("fingerprints/sourceafis-test/probe.bmp"))
        #expect(png == bmp)
    }

    @Test(arguments: [
        ("gray-probe.dat", 332, 533), ("gray-matching.dat", 320, 407), ("gray-nonmatching.dat", 333, 435),
    ])
    func rawSourceAFISImages(file: String, width: Int, height: Int) throws {
        let path = SharedData.path("fingerprints/sourceafis-test/" + file)
        let image = try ImageFile.loadRawGray(path: path, width: width, height: height)
        #expect(image.pixels.count == width * height)
        #expect(throws: ImageFileError.self) { try ImageFile.loadRawGray(path: path, width: width + 1, height: height) }
    }

    @Test func fvcTIFFMatchesItsOwnPGMExport() throws {
        let tiff = try ImageFile.loadGray(path: SharedData.path("fingerprints/fvc2002_db1_b/101_1.tif"))
        let again = try ImageFile.decodeGray([UInt8](tiff.pgm()))
        #expect(again == tiff)
    }
}
