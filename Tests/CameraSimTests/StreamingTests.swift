import CV4L2
import CameraSim
import Glibc
import Testing

extension CameraSimTier2Tests {
    @Suite struct StreamingTests {
        @Test func reqbufsAdjustsTheCountAndQuerybufGivesPageAlignedOffsets() throws {
            try CameraFixture.run { fixture in
                #expect(fixture.device.requestBuffers(1).count == 2)
                #expect(fixture.device.requestBuffers(100).count == 8)
                let (error, count) = fixture.device.requestBuffers(3)
                #expect(error == 0 && count == 3)
                let page = UInt32(sysconf(Int32(_SC_PAGESIZE)))
                var offsets: [UInt32] = []
                for index in 0..<count {
                    let (queryError, buffer) = fixture.device.queryBuffer(index)
                    #expect(queryError == 0)
                    #expect(buffer.length == 640 * 480)
                    #expect(buffer.m.offset % page == 0)
                    offsets.append(buffer.m.offset)
                }
                #expect(Set(offsets).count == 3)
                #expect(fixture.device.queryBuffer(3).errno == EINVAL)
                var userptr = v4l2_requestbuffers()
                userptr.count = 2
                userptr.type = CV4L2_BUF_TYPE_VIDEO_CAPTURE
                userptr.memory = 2  // V4L2_MEMORY_USERPTR
                #expect(fixture.device.call(CV4L2_VIDIOC_REQBUFS, &userptr) == EINVAL)
            }
        }

        @Test func greyFramesArriveInTheMappedBuffersWithRisingSequence() throws {
            try CameraFixture.run { fixture in
                let maps = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_GREY)
                #expect(fixture.device.dequeue().errno == EAGAIN)
                var sequences: [UInt32] = []
                for _ in 0..<6 {
                    fixture.advance()
                    let buffer = try fixture.device.dequeueFrame()
                    #expect(buffer.bytesused == 320 * 240)
                    #expect(buffer.flags & (CV4L2_BUF_FLAG_DONE | CV4L2_BUF_FLAG_QUEUED) == 0)
                    let bytes = Array(maps[Int(buffer.index)].prefix(Int(buffer.bytesused)))
                    #expect(bytes == fixture.expectedGrey(sequence: Int(buffer.sequence)))
                    sequences.append(buffer.sequence)
                    #expect(fixture.device.queue(Int(buffer.index)) == 0)
                }
                #expect(sequences == [0, 1, 2, 3, 4, 5])
                #expect(fixture.camera.counters == CameraCounters(produced: 6, delivered: 6, dropped: 0))
            }
        }

        @Test func timestampsFollowTheInjectedClock() throws {
            try CameraFixture.run { fixture in
                _ = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_GREY)
                fixture.advance(frames: 2)
                let first = try fixture.device.dequeueFrame()
                let second = try fixture.device.dequeueFrame()
                let micros = { (buffer: v4l2_buffer) in buffer.timestamp.tv_sec * 1_000_000 + buffer.timestamp.tv_usec }
                #expect(micros(second) - micros(first) == 33_333)
                #expect(first.flags & CV4L2_BUF_FLAG_TIMESTAMP_MONOTONIC != 0)
            }
        }

        @Test func yuyvCarriesTheGreyImageInItsLumaPlane() throws {
            try CameraFixture.run { fixture in
                let maps = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_YUYV)
                fixture.advance()
                let buffer = try fixture.device.dequeueFrame()
                #expect(buffer.bytesused == 320 * 240 * 2)
                let bytes = Array(maps[Int(buffer.index)].prefix(Int(buffer.bytesused)))
                let luma = stride(from: 0, to: bytes.count, by: 2).map { bytes[$0] }
                let chroma = stride(from: 1, to: bytes.count, by: 2).map { bytes[$0] }
                #expect(luma == fixture.expectedGrey(sequence: Int(buffer.sequence)))
                #expect(chroma.allSatisfy { $0 == 128 })
            }
        }

        @Test func aRequeuedBufferShowsTheNewFrameNeverTheStaleOne() throws {
            try CameraFixture.run { fixture in
                let maps = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_GREY, buffers: 2)
                fixture.advance()
                let first = try fixture.device.dequeueFrame()
                let stale = Array(maps[Int(first.index)].prefix(Int(first.bytesused)))
                #expect(fixture.device.queue(Int(first.index)) == 0)
                var again: v4l2_buffer?
                for _ in 0..<4 {
                    fixture.advance()
                    let buffer = try fixture.device.dequeueFrame()
                    if buffer.index == first.index {
                        again = buffer
                        break
                    }
                    #expect(fixture.device.queue(Int(buffer.index)) == 0)
                }
                let reused = try #require(again)
                #expect(reused.sequence > first.sequence)
                let fresh = Array(maps[Int(reused.index)].prefix(Int(reused.bytesused)))
                #expect(fresh == fixture.expectedGrey(sequence: Int(reused.sequence)))
                #expect(fresh != stale)
            }
        }

        @Test func framesWithoutAQueuedBufferAreDroppedAndTheSequenceSkips() throws {
            try CameraFixture.run { fixture in
                _ = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_GREY, buffers: 2)
                fixture.advance(frames: 5)
                let a = try fixture.device.dequeueFrame()
                let b = try fixture.device.dequeueFrame()
                #expect([a.sequence, b.sequence] == [0, 1])
                #expect(fixture.device.dequeue().errno == EAGAIN)
                #expect(fixture.camera.counters == CameraCounters(produced: 5, delivered: 2, dropped: 3))
                #expect(fixture.device.queue(Int(a.index)) == 0)
                fixture.advance()
                #expect(try fixture.device.dequeueFrame().sequence == 5)
            }
        }

        @Test func streamoffReturnsEveryBufferAndStopsDequeue() throws {
            try CameraFixture.run { fixture in
                _ = try fixture.startStreaming(fourcc: CV4L2_PIX_FMT_GREY, buffers: 3)
                fixture.advance()
                #expect(fixture.device.queryBuffer(0).buffer.flags & CV4L2_BUF_FLAG_DONE != 0)
                #expect(fixture.device.queryBuffer(1).buffer.flags & CV4L2_BUF_FLAG_QUEUED != 0)
                #expect(fixture.device.stream(false) == 0)
                #expect(!fixture.camera.isStreaming)
                for index in 0..<3 {
                    let flags = fixture.device.queryBuffer(index).buffer.flags
                    #expect(flags & (CV4L2_BUF_FLAG_QUEUED | CV4L2_BUF_FLAG_DONE) == 0)
                }
                #expect(fixture.device.dequeue().errno == EINVAL)
                // Every buffer is the application's again, so each can be queued once more.
                for index in 0..<3 { #expect(fixture.device.queue(index) == 0) }
                #expect(fixture.device.queue(0) == EINVAL)
                #expect(fixture.device.stream(true) == 0)
                fixture.advance()
                #expect(try fixture.device.dequeueFrame().sequence == 0)
            }
        }
    }
}
