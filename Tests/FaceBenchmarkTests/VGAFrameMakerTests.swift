import FaceBenchmark
import Imaging
import Testing

@Suite("VGA letterbox")
struct VGAFrameMakerTests {
    @Test("a 1280×720 frame becomes 640×360 centred between black bars, colours kept")
    func shrinkWide() throws {
        let source = try RGBFrame(width: 1280, height: 720, red: 200, green: 100, blue: 50)
        let frame = try VGAFrameMaker.letterbox(source)
        #expect(frame.width == 640 && frame.height == 480)
        #expect(frame[320, 59] == (0, 0, 0))
        #expect(frame[320, 60] == (200, 100, 50))
        #expect(frame[0, 419] == (200, 100, 50))
        #expect(frame[639, 420] == (0, 0, 0))
    }

    @Test("a 320×240 frame is enlarged to fill 640×480")
    func enlarge() throws {
        let source = try RGBFrame(width: 320, height: 240, red: 10, green: 20, blue: 30)
        let frame = try VGAFrameMaker.letterbox(source)
        #expect(frame[0, 0] == (10, 20, 30))
        #expect(frame[639, 479] == (10, 20, 30))
    }

    @Test("shrinking averages: a 2-pixel black/white stripe pattern halves to grey")
    func areaAverage() throws {
        var pixels = [UInt8](repeating: 0, count: 1280 * 960 * 3)
        for y in 0..<960 {
            for x in stride(from: 1, to: 1280, by: 2) { for c in 0..<3 { pixels[(y * 1280 + x) * 3 + c] = 254 } }
        }
        let frame = try VGAFrameMaker.letterbox(try RGBFrame(width: 1280, height: 960, pixels: pixels))
        #expect(frame[100, 100] == (127, 127, 127))
    }

    @Test("an empty target size is an error naming the sizes")
    func emptySize() throws {
        let source = try RGBFrame(width: 4, height: 4)
        #expect(throws: FaceBenchmarkError.self) { _ = try VGAFrameMaker.letterbox(source, width: 0, height: 480) }
    }
}
