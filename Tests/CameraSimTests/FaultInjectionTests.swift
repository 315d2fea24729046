import CV4L2
import CameraSim
import Glibc
import Testing

/// Frames wrapped in JPEG's SOI/EOI markers around the raw pixels: enough structure to see a
/// truncated, garbled frame without a real codec in the test target.
struct MarkerFramedTestEncoder: CameraJPEGEncoder {
    func encodeJPEG(_ image: CameraImage) -> [UInt8] {
        [0xFF, 0xD8] + image.pixels + [0xFF, 0xD9]
    }
}

extension CameraSimTier2Tests {
    @Suite struct FaultInjectionTests {
        @Test func ioErrorFailsOnlyTheNextDequeue() throws {
            try CameraFixture.run { fixture in
                _ = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_GREY)
                fixture.advance()
                fixture.camera.inject(.ioErrorOnNextDequeue)
                #expect(fixture.device.dequeue().errno == EIO)
                #expect(try fixture.device.dequeueFrame().sequence == 0)
            }
        }

        @Test func droppedFramesSkipSequenceNumbers() throws {
            try CameraFixture.run { fixture in
                _ = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_GREY)
                fixture.advance()
                let first = try fixture.device.dequeueFrame()
                #expect(fixture.device.queue(Int(first.index)) == 0)
                fixture.camera.inject(.dropFrames(3))
                fixture.advance(frames: 4)
                let next = try fixture.device.dequeueFrame()
                #expect(next.sequence == first.sequence + 4)
                #expect(fixture.device.dequeue().errno == EAGAIN)
                #expect(fixture.camera.counters == CameraCounters(produced: 5, delivered: 2, dropped: 3))
            }
        }

        @Test(arguments: [EINVAL, EBUSY])
        func formatRefusalFailsSFmtUntilCleared(errno refusal: Int32) throws {
            try CameraFixture.run { fixture in
                fixture.camera.inject(.refuseFormat(errno: refusal))
                #expect(fixture.device.setFormat(CV4L2_PIX_FMT_YUYV, width: 320, height: 240).errno == refusal)
                let unchanged = try fixture.device.currentFormat()
                #expect(unchanged.pixelformat == CV4L2_PIX_FMT_GREY)
                fixture.camera.clearFaults()
                #expect(fixture.device.setFormat(CV4L2_PIX_FMT_YUYV, width: 320, height: 240).errno == 0)
            }
        }

        @Test func corruptedJPEGIsTruncatedAndLosesItsEndMarker() throws {
            let configuration = CameraConfiguration(formats: [.mjpeg, .grey], jpegEncoder: MarkerFramedTestEncoder())
            try CameraFixture.run(configuration) { fixture in
                let maps = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_MJPEG)
                let format = try fixture.device.currentFormat()
                #expect(format.pixelformat == CV4L2_PIX_FMT_MJPEG && format.bytesperline == 0)
                #expect(format.sizeimage >= 320 * 240 + 4)
                fixture.advance()
                let good = try fixture.device.dequeueFrame()
                let goodBytes = Array(maps[Int(good.index)].prefix(Int(good.bytesused)))
                #expect(
                    goodBytes
                        == MarkerFramedTestEncoder().encodeJPEG(
                            fixture.source.frame(at: Int(good.sequence)).resized(to: fixture.camera.frameSize)))

                fixture.camera.inject(.corruptNextJPEG)
                fixture.advance()
                let bad = try fixture.device.dequeueFrame()
                let badBytes = Array(maps[Int(bad.index)].prefix(Int(bad.bytesused)))
                let intact = MarkerFramedTestEncoder().encodeJPEG(
                    fixture.source.frame(at: Int(bad.sequence)).resized(to: fixture.camera.frameSize))
                #expect(Int(bad.bytesused) < intact.count)
                #expect(badBytes.suffix(2) != [0xFF, 0xD9])
                #expect(badBytes != Array(intact.prefix(badBytes.count)))

                fixture.advance()
                let after = try fixture.device.dequeueFrame()
                #expect(Int(after.bytesused) == intact.count)
            }
        }

        @Test func removalMakesEveryIoctlFailWithEnodevAndDeletesTheNode() throws {
            try CameraFixture.run { fixture in
                _ = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_GREY)
                #expect(access(fixture.camera.devicePath, F_OK) == 0)
                fixture.camera.remove()
                #expect(fixture.camera.isRemoved)
                var cap = v4l2_capability()
                #expect(fixture.device.call(CV4L2_VIDIOC_QUERYCAP, &cap) == ENODEV)
                fixture.advance()
                #expect(fixture.device.dequeue().errno == ENODEV)
                #expect(fixture.device.queue(0) == ENODEV)
                #expect(fixture.device.stream(false) == ENODEV)
                #expect(access(fixture.camera.devicePath, F_OK) != 0)
            }
        }
    }
}
