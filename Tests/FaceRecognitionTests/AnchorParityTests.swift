import FaceRecognition
import Testing

@Suite(
    "Embeddings equal the face_recognition anchor's", .enabled(if: FaceTestSupport.canRun, FaceTestSupport.skipMessage))
struct AnchorParityTests {
    /// The images in Fixtures/anchor-embeddings.json.
    static let fixtureImages = [
        "face_recognition_examples/obama-480p.jpg", "face_recognition_examples/obama-240p.jpg", "orl/s1/1.pgm",
        "orl/s7/4.pgm", "orl/s13/9.pgm", "face_recognition_examples/knn_examples/train/rose_leslie/img1.jpg",
    ]

    @Test(
        "HOG finds the anchor's box and the embedding on it is within 1e-4 of the anchor's",
        arguments: AnchorParityTests.fixtureImages)
    func embeddingMatchesAnchor(image: String) throws {
        let fixture = try #require(try FaceTestSupport.anchorFixtures().faces.first { $0.image == image })
        let analyzer = try FaceTestSupport.analyzer()
        let input = try FaceTestSupport.image(image)

        let detections = try analyzer.detectFaces(in: input)
        #expect(detections.count == fixture.faces)
        let box = FaceBox(
            left: fixture.box.left, top: fixture.box.top, right: fixture.box.right, bottom: fixture.box.bottom)
        #expect(detections.first?.box == box)

        let embedding = try analyzer.embedding(in: input, box: box)
        let difference = zip(embedding.values, fixture.embedding).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(difference <= 1e-4, "max |ours − anchor| = \(difference)")
    }

    @Test("Different people's anchor embeddings are far apart, so the 1e-4 check can fail")
    func fixturesDiffer() throws {
        let faces = try FaceTestSupport.anchorFixtures().faces
        let a = try #require(faces.first { $0.image.contains("obama-480p") })
        let b = try #require(faces.first { $0.image.contains("orl/s1/") })
        let difference = zip(a.embedding, b.embedding).map { abs($0 - $1) }.max() ?? 0
        #expect(difference > 0.05)
    }
}
