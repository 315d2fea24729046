import FaceRecognition
import Imaging
import Testing

@Suite("Dataset embedding for face evaluate", .enabled(if: FaceTestSupport.canRun, FaceTestSupport.skipMessage))
struct DatasetEmbeddingsTests {
    @Test("Counts images and faceless images, groups embeddings by subject, times each face")
    func collects() throws {
        let analyzer = try FaceTestSupport.analyzer()
        var set = FaceDatasetEmbeddings()
        try set.add(FaceTestSupport.image("orl/s1/1.pgm"), subject: "s1", analyzer: analyzer, clock: ContinuousClock())
        try set.add(FaceTestSupport.image("orl/s1/2.pgm"), subject: "s1", analyzer: analyzer, clock: ContinuousClock())
        try set.add(
            .gray(GrayFrame(width: 92, height: 112, filledWith: 128)), subject: "s2", analyzer: analyzer,
            clock: ContinuousClock())
        #expect(set.images == 3)
        #expect(set.noFace == 1)
        #expect(set.subjects["s1"]?.count == 2)
        #expect(set.subjects["s2"] == nil)
        #expect(set.frameMilliseconds.count == 2)
        #expect((set.frameMillisecondsMedian ?? 0) > 0)
    }

    @Test("Scanning a colour frame as grey finds the same face within a few pixels")
    func colourAsGrey() throws {
        let input = try FaceTestSupport.image("face_recognition_examples/obama-480p.jpg")
        let colour = try #require(try FaceTestSupport.analyzer().detectFaces(in: input).first)
        var fast = try FaceTestSupport.analyzer()
        fast.detectColourAsGrey = true
        let grey = try fast.detectFaces(in: input)
        #expect(grey.count == 1)
        let box = try #require(grey.first?.box)
        #expect(abs(box.left - colour.box.left) <= 8 && abs(box.top - colour.box.top) <= 8)
        #expect(abs(box.width - colour.box.width) <= 16)
    }
}
