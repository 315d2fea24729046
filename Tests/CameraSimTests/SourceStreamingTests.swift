import CV4L2
import CameraSim
import Glibc
import ImageFiles
import Imaging
import Testing

extension CameraSimTier2Tests {
    @Suite struct SourceStreamingTests {
        @Test(.enabled(if: SampleData.isAvailable, SampleData.skipReason))
        func orlSequenceStreamsScaledAndLoops() throws {
            let source = try SequenceFrameSource(directory: SampleData.orlSubject1)
            try CameraFixture.run(source: source) { fixture in
                let maps = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_GREY, buffers: 2)
                var frames: [UInt32: [UInt8]] = [:]
                for _ in 0..<12 {
                    fixture.advance()
                    let buffer = try fixture.device.dequeueFrame()
                    let bytes = Array(maps[Int(buffer.index)].prefix(Int(buffer.bytesused)))
                    #expect(
                        bytes
                            == source.images[Int(buffer.sequence) % 10]
                            .resized(to: CameraFrameSize(width: 320, height: 240)).pixels)
                    frames[buffer.sequence] = bytes
                    #expect(fixture.device.queue(Int(buffer.index)) == 0)
                }
                #expect(frames[10] == frames[0])
                #expect(frames[1] != frames[0])
            }
        }

        @Test func realMJPEGFramesDecodeAndACorruptedOneIsDamaged() throws {
            let configuration = CameraConfiguration(formats: [.mjpeg], jpegEncoder: TurboJPEGFrameEncoder())
            try CameraFixture.run(configuration) { fixture in
                let maps = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_MJPEG)
                let decoder = try JPEGDecoder()
                fixture.advance()
                let good = try fixture.device.dequeueFrame()
                let goodBytes = Array(maps[Int(good.index)].prefix(Int(good.bytesused)))
                guard case .intact(let frame) = try decoder.decodeGray(goodBytes) else {
                    Issue.record("an uncorrupted MJPEG frame decoded with a warning")
                    return
                }
                #expect(frame.width == 320 && frame.height == 240)

                fixture.camera.inject(.corruptNextJPEG)
                fixture.advance()
                let bad = try fixture.device.dequeueFrame()
                #expect(bad.bytesused < good.bytesused)
                let badBytes = Array(maps[Int(bad.index)].prefix(Int(bad.bytesused)))
                do {
                    if case .intact = try decoder.decodeGray(badBytes) {
                        Issue.record("a corrupted MJPEG frame decoded as intact")
                    }
                } catch {
                    // A fatal decode error is as good a detection as a warning.
                }
            }
        }

        @Test func strobedSourceDeliversBlackFramesOnItsPhase() throws {
            let source = StrobedFrameSource(MovingGradientSource(width: 160, height: 120), period: 3, phase: 2)
            try CameraFixture.run(source: source) { fixture in
                let maps = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_GREY)
                for _ in 0..<3 {
                    fixture.advance()
                    let buffer = try fixture.device.dequeueFrame()
                    let bytes = maps[Int(buffer.index)].prefix(Int(buffer.bytesused))
                    #expect(bytes.allSatisfy { $0 == 0 } == (buffer.sequence % 3 == 2))
                    #expect(fixture.device.queue(Int(buffer.index)) == 0)
                }
            }
        }
    }
}
