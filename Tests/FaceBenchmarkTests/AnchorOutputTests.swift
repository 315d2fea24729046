import FaceBenchmark
import Foundation
import Testing

@Suite("Anchor output parsing")
struct AnchorOutputTests {
    @Test("a captured real output parses: face row with box and 128 values, no-face row without")
    func captured() throws {
        let output = try FaceAnchorOutput.parse(AnchorOutputFixture.captured + "\n")
        #expect(output.anchor.hasPrefix("face_recognition 1.3.0"))
        #expect(output.images.count == 2)
        let face = output.images[0]
        #expect(face.image == "frames/obama-240p.png")
        #expect(face.width == 640 && face.height == 480 && face.faces == 1)
        #expect(face.box == FaceAnchorBox(left: 284, top: 100, right: 388, bottom: 204))
        #expect(face.embedding?.count == 128)
        #expect(face.embedding?.first == -0.0846644788980484)
        let blank = output.images[1]
        #expect(blank.faces == 0 && blank.box == nil && blank.embedding == nil && blank.encodeMs == nil)
        #expect(output.encodeMsMedian == face.encodeMs)
    }

    @Test("lines printed before the JSON object are ignored")
    func warningsFirst() throws {
        let output = try FaceAnchorOutput.parse(
            "UserWarning: pkg_resources is deprecated\n" + AnchorOutputFixture.captured)
        #expect(output.images.count == 2)
    }

    @Test("empty or non-JSON output names stdout and what was expected")
    func notJSON() {
        for text in ["", "Traceback (most recent call last):\n  ModuleNotFoundError: face_recognition"] {
            #expect {
                _ = try FaceAnchorOutput.parse(text)
            } throws: { error in
                let e = error as? FaceBenchmarkError
                return e?.subject == "stdout" && e?.detail.contains("expected one JSON object line") == true
            }
        }
    }

    @Test("a missing field is named with its path")
    func missingField() {
        let text = AnchorOutputFixture.captured.replacingOccurrences(of: "\"total_ms\": 90.", with: "\"totl_ms\": 90.")
        #expect {
            _ = try FaceAnchorOutput.parse(text)
        } throws: { error in
            let e = error as? FaceBenchmarkError
            return e?.subject == "images[0].total_ms" && e?.detail.contains("missing") == true
        }
    }

    @Test("a wrong type is named with its path and the expected type")
    func wrongType() {
        let text = AnchorOutputFixture.captured.replacingOccurrences(of: "\"faces\": 0", with: "\"faces\": \"none\"")
        #expect {
            _ = try FaceAnchorOutput.parse(text)
        } throws: { error in
            let e = error as? FaceBenchmarkError
            return e?.subject == "images[1].faces" && e?.detail.contains("Int") == true
        }
    }

    @Test("an embedding of the wrong length is rejected naming the count")
    func shortEmbedding() {
        let text =
            #"{"anchor": "a", "images": [{"image": "x.png", "width": 2, "height": 2, "faces": 1, "detect_ms": 1, "#
            + #""encode_ms": 1, "total_ms": 2, "box": {"left": 0, "top": 0, "right": 1, "bottom": 1}, "embedding": [0.1, 0.2]}], "#
            + #""detect_ms_median": 1, "encode_ms_median": 1, "total_ms_median": 2}"#
        #expect {
            _ = try FaceAnchorOutput.parse(text)
        } throws: { error in
            let e = error as? FaceBenchmarkError
            return e?.subject == "images[0].embedding" && e?.detail.contains("2 values, expected 128") == true
        }
    }

    @Test("a face without a box is rejected")
    func faceWithoutBox() {
        let text =
            #"{"anchor": "a", "images": [{"image": "x.png", "width": 2, "height": 2, "faces": 1, "detect_ms": 1, "#
            + #""encode_ms": 1, "total_ms": 2}], "detect_ms_median": 1, "encode_ms_median": 1, "total_ms_median": 2}"#
        #expect {
            _ = try FaceAnchorOutput.parse(text)
        } throws: { error in
            (error as? FaceBenchmarkError)?.subject == "images[0].box"
        }
    }

    @Test("truncated JSON is reported as malformed, not a crash")
    func truncated() {
        let text = String(AnchorOutputFixture.captured.prefix(300))
        #expect {
            _ = try FaceAnchorOutput.parse(text)
        } throws: { error in
            (error as? FaceBenchmarkError)?.detail.contains("malformed") == true
        }
    }
}
