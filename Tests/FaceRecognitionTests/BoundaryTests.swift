import Dispatch
import FaceRecognition
import Imaging
import Synchronization
import Testing

@Suite("The C++ boundary", .enabled(if: FaceTestSupport.canRun, FaceTestSupport.skipMessage))
struct BoundaryTests {
    @Test("An out-of-range upsample comes back as an error naming the parameter, not a crash")
    func invalidUpsample() throws {
        let analyzer = FaceAnalyzer(models: try #require(FaceTestSupport.models), upsample: 9)
        let frame = try GrayFrame(width: 64, height: 64, filledWith: 90)
        #expect(throws: FaceAnalysisError("detect: upsample: 9, expected 0...3")) {
            try analyzer.detectFaces(in: .gray(frame))
        }
    }

    @Test("One upsampling step finds the same ORL face, mapped back to the original coordinates")
    func upsampled() throws {
        let input = try FaceTestSupport.image("orl/s4/2.pgm")
        let plain = try #require(try FaceTestSupport.analyzer().detectFaces(in: input).first)
        let models = try #require(FaceTestSupport.models)
        let upsampled = try #require(try FaceAnalyzer(models: models, upsample: 1).detectFaces(in: input).first)
        #expect(abs(upsampled.box.left - plain.box.left) <= 10 && abs(upsampled.box.top - plain.box.top) <= 10)
        #expect(abs(upsampled.box.width - plain.box.width) <= 20)
        #expect(upsampled.box.right <= input.width && upsampled.box.bottom <= input.height)
    }

    @Test("A box outside the image still gives five landmarks (dlib clamps sampling), never a crash")
    func boxOutsideImage() throws {
        let analyzer = try FaceTestSupport.analyzer()
        let frame = try GrayFrame(width: 64, height: 64, filledWith: 90)
        let landmarks = try analyzer.landmarks(
            in: .gray(frame), box: FaceBox(left: 500, top: 500, right: 600, bottom: 600))
        #expect(landmarks.points.count == 5)
    }

    @Test("Shared models used from four threads at once give the same embedding every time")
    func concurrentUse() throws {
        let analyzer = try FaceTestSupport.analyzer()
        let input = try FaceTestSupport.image("orl/s2/3.pgm")
        let box = try #require(try analyzer.detectFaces(in: input).first?.box)
        let reference = try analyzer.embedding(in: input, box: box)
        let results = ResultSlots(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            results.set(index, try? analyzer.embedding(in: input, box: box))
        }
        #expect(results.values.allSatisfy { $0 == reference })
    }
}

/// Per-thread result slots for `concurrentUse`, guarded by a lock.
private final class ResultSlots: Sendable {
    private let storage: Mutex<[FaceEmbedding?]>

    init(count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ value: FaceEmbedding?) { storage.withLock { $0[index] = value } }

    var values: [FaceEmbedding?] { storage.withLock { $0 } }
}
