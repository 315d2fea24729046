import Foundation
import Imaging
import SharedTestData
import Testing

@testable import ImageFiles

@Suite struct PGMTests {
    @Test func encodeThenDecodeRoundTrips() throws {
        let frame = try GrayFrame(width: 3, height: 2, stride: 4, pixels: [1, 2, 3, 99, 4, 5, 6, 99])
        let bytes = PGM.encode(frame)
        #expect(bytes.starts(with: Array("P5\n3 2\n255\n".utf8)))
        let back = try PGM.decode(bytes)
        #expect(back == frame.packed())
    }

    @Test func headerCommentsAreSkipped() throws {
        let bytes = Array("P5\n# made by hand\n2 # width\n1\n255\n".utf8) + [7, 8]
        #expect(try PGM.decode(bytes).pixels == [7, 8])
    }

    @Test func writeAndReadAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("imaging-\(UUID().uuidString).pgm")
        defer { try? FileManager.default.removeItem(at: url) }
        let frame = try GrayFrame(width: 4, height: 3, filledWith: 42)
        try PGM.write(frame, to: url)
        #expect(try PGM.read(contentsOf: url) == frame)
    }

    @Test(.enabled(if: SharedData.isPresent, SharedData.skipMessage))
    func readsAnORLFace() throws {
        let face = try PGM.read(contentsOf: SharedData.orl(1, 1))
        #expect(face.width == 92 && face.height == 112)
        #expect(Set(face.pixels).count > 50)
    }

    static let malformed: [(header: String, tail: [UInt8], field: PGMError.Field)] = [
        ("P2\n2 1\n255\n", [], .magic),
        ("P5\nx 1\n255\n", [], .width),
        ("P5\n2\n", [], .height),
        ("P5\n2 1\n65535\n", [0, 0, 0, 0], .maxval),
        ("P5\n2 2\n255\n", [1, 2, 3], .pixelData),
        ("P5\n99999 1\n255\n", [UInt8](repeating: 0, count: 99999), .width),
        ("P5\n4 9223372036854775807\n255\n", [0, 0, 0, 0], .height),
        ("P5\n2 1\n255", [], .pixelData),
    ]

    @Test(arguments: malformed)
    func malformedFilesNameTheField(_ sample: (header: String, tail: [UInt8], field: PGMError.Field)) {
        let bytes = Array(sample.header.utf8) + sample.tail
        let error = #expect(throws: PGMError.self) { try PGM.decode(bytes) }
        #expect(error?.field == sample.field, "\(String(describing: error))")
    }

    @Test func missingFileIsAFileError() {
        let error = #expect(throws: PGMError.self) {
            try PGM.read(contentsOf: URL(fileURLWithPath: "/nonexistent/x.pgm"))
        }
        #expect(error?.field == .file)
    }
}
