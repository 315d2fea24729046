import FaceRecognition
import ImageFiles
import Imaging

/// `attendctl face render IMAGE --png OUT`: the detected box(es), the five landmarks and the quality
/// verdict, drawn on the image.
///
/// Colours: every box and a frame around the image are green when the gates accept the frame and red
/// when they reject it; landmarks are yellow dots. Blocking and CPU-bound, like `FaceAnalyzer`.
public enum FaceRendering {
    /// Box and border colour of an accepted frame.
    public static let acceptedColor = RGBColor.green
    /// Box and border colour of a rejected frame.
    public static let rejectedColor = RGBColor.red
    /// Landmark colour.
    public static let landmarkColor = RGBColor.yellow

    /// Assesses `input` with `analyzer` and draws the outcome.
    public static func render(_ input: FaceInput, analyzer: FaceAnalyzer) throws(FaceBenchmarkError) -> FaceRenderResult
    {
        let assessment: FaceAssessment
        var landmarks: [FaceLandmarks] = []
        do {
            assessment = try analyzer.assess(input)
            for detection in assessment.detections {
                landmarks.append(try analyzer.landmarks(in: input, box: detection.box))
            }
        } catch {
            throw FaceBenchmarkError(stage: "analyse", subject: "image", detail: error.description)
        }
        let canvas = draw(input, detections: assessment.detections, landmarks: landmarks, verdict: assessment.verdict)
        return FaceRenderResult(
            png: canvas.png(), detections: assessment.detections, landmarks: landmarks, verdict: assessment.verdict)
    }

    /// Draws boxes, landmarks and a verdict-coloured border on a copy of `input`.
    public static func draw(
        _ input: FaceInput, detections: [FaceDetection], landmarks: [FaceLandmarks], verdict: FaceQualityVerdict
    ) -> RGBCanvas {
        var canvas = canvas(for: input)
        let color = verdict.isAccepted ? acceptedColor : rejectedColor
        let thickness = min(max(max(input.width, input.height) / 320, 1), RGBCanvas.thicknessRange.upperBound)
        canvas.drawRectangle(
            origin: PixelPoint(x: 0, y: 0), width: canvas.width, height: canvas.height, color: color,
            thickness: thickness)
        for detection in detections {
            let box = detection.box
            canvas.drawRectangle(
                origin: PixelPoint(x: box.left, y: box.top), width: box.width, height: box.height, color: color,
                thickness: thickness)
        }
        for face in landmarks {
            for point in face.points {
                canvas.drawMarker(
                    at: PixelPoint(x: point.x, y: point.y), shape: .dot, size: thickness + 1, color: landmarkColor)
            }
        }
        return canvas
    }

    private static func canvas(for input: FaceInput) -> RGBCanvas {
        switch input {
        case .rgb(let frame):
            return RGBCanvas(frame)
        case .gray(let frame):
            let packed = frame.packed()
            var rgb = [UInt8](repeating: 0, count: 3 * packed.pixels.count)
            for (i, value) in packed.pixels.enumerated() {
                rgb[3 * i] = value
                rgb[3 * i + 1] = value
                rgb[3 * i + 2] = value
            }
            // Same size as a valid grey frame and packed, so the colour frame is valid too.
            let frame = (try? RGBFrame(width: packed.width, height: packed.height, pixels: rgb)) ?? RGBFrame()
            return RGBCanvas(frame)
        }
    }
}

/// A rendered frame and what was drawn on it.
public struct FaceRenderResult: Sendable {
    /// The drawing as PNG bytes.
    public let png: [UInt8]
    /// Every detection, best first.
    public let detections: [FaceDetection]
    /// Landmarks of each detection, in the same order.
    public let landmarks: [FaceLandmarks]
    /// The gates' verdict.
    public let verdict: FaceQualityVerdict

    /// The verdict for printing, e.g. `accepted: 1 face, box 120×120 at (40, 60)` or `rejected: …`.
    public var text: String {
        let faces = detections.map { d in
            "box \(d.box.width)×\(d.box.height) at (\(d.box.left), \(d.box.top)) score \(NumberText.fixed(d.score, decimals: 2))"
        }
        let list = faces.isEmpty ? "" : "\n" + faces.map { "  " + $0 }.joined(separator: "\n")
        return "\(verdict.description) (\(detections.count) face\(detections.count == 1 ? "" : "s"))\(list)"
    }
}
