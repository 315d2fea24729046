import Testing
import V4L2

extension VividTests {
    /// `V4L2Device` and `V4L2Stream` against vivid: what the umockdev camera (CameraSimTests'
    /// V4L2LayerTests) scripts, here answered by the kernel.
    @Suite struct V4L2LayerTests {
        @Test func discoveryFindsVividAndSkipsTheLoopbackWithoutAWriter() throws {
            let path = try Vivid.devicePath()
            let discovery = V4L2Device.discover()
            let info = try #require(discovery.devices.first { $0.path == path })
            #expect(info.capabilities.driver == "vivid")
            #expect(info.capabilities.isVideoCapture)
            #expect(info.capabilities.supportsStreaming)
            #expect(info.capabilities.busInfo == "platform:vivid-000")
            // v4l2loopback with exclusive_caps is an output device until a writer opens it.
            if let loopback = discovery.rejected["/dev/video10"] {
                #expect(
                    loopback == .notACaptureDevice(path: "/dev/video10", reason: "no V4L2_CAP_VIDEO_CAPTURE"))
            }
        }

        @Test func formatsSizesAndIntervalsAreTheWebcamInputs() throws {
            let device = try V4L2Device(path: try Vivid.devicePath())
            defer { device.close() }
            let formats = try device.pixelFormats()
            #expect(formats.first?.fourcc == .yuyv)
            #expect(formats.map(\.fourcc).contains(.grey))
            #expect(!formats.map(\.fourcc).contains(.mjpeg))
            #expect(formats.allSatisfy { !$0.isCompressed })
            #expect(try device.frameSizes(for: .grey) == .discrete(Vivid.webcamSizes))
            // Larger frames offer fewer rates; the list runs from the slowest rate to the fastest.
            let vga = try device.frameIntervals(for: .grey, size: V4L2Size(width: 640, height: 480))
            guard case .discrete(let intervals) = vga else {
                Issue.record("640x480 GREY: expected discrete intervals, got \(vga)")
                return
            }
            #expect(intervals.compactMap(\.framesPerSecond) == [1, 2, 4, 5, 10, 12.5, 15, 25])
            let uhd = try device.frameIntervals(for: .grey, size: V4L2Size(width: 3840, height: 2160))
            #expect(uhd == .discrete([.interval(framesPerSecond: 1), .interval(framesPerSecond: 2)]))
            // A size the input does not offer has no intervals: the driver answers EINVAL.
            #expect(throws: V4L2Error.self) {
                try device.frameIntervals(for: .grey, size: V4L2Size(width: 333, height: 222))
            }
        }

        @Test func setFormatAndRateReturnWhatTheDriverChose() throws {
            let device = try V4L2Device(path: try Vivid.devicePath())
            defer { device.close() }
            let tried = try device.tryFormat(V4L2Format(width: 1000, height: 700, pixelFormat: .grey))
            #expect(tried.width == 1280 && tried.height == 720)
            let set = try device.setFormat(V4L2Format(width: 300, height: 200, pixelFormat: .grey))
            #expect(set.pixelFormat == .grey)
            #expect(set.width == 320 && set.height == 180)
            #expect(set.bytesPerLine == 320)
            #expect(set.sizeImage == 320 * 180)
            #expect(try device.format() == set)
            #expect(try device.setFrameInterval(.interval(framesPerSecond: 15)) == .interval(framesPerSecond: 15))
            #expect(try device.frameInterval() == .interval(framesPerSecond: 15))
            // 13 fps is not offered: the driver picks a neighbour and says which.
            let near = try device.setFrameInterval(.interval(framesPerSecond: 13))
            #expect([12.5, 15].contains(near.framesPerSecond ?? 0))
            let yuyv = try device.setFormat(V4L2Format(width: 640, height: 480, pixelFormat: .yuyv))
            #expect(yuyv.bytesPerLine == 2 * 640)
        }

        @Test func controlsAreListedSetClampedAndAbsentOnesAreNil() throws {
            let device = try V4L2Device(path: try Vivid.devicePath())
            defer { device.close() }
            let controls = try device.controls()
            let brightness = try #require(controls.first { $0.id == .brightness })
            #expect(brightness.minimum == 0 && brightness.maximum == 255 && brightness.defaultValue == 128)
            #expect(controls.contains { $0.id == .gain })
            #expect(controls.contains { $0.id == Vivid.percentageOfDroppedBuffers })
            #expect(try device.setControlValue(.brightness, 200) == 200)
            #expect(try device.controlValue(.brightness) == 200)
            // The kernel clamps an integer control to its range and reports the stored value.
            #expect(try device.setControlValue(.brightness, 300) == 255)
            #expect(try device.controlValue(.brightness) == 255)
            try device.setControlValue(.brightness, 128)
            // vivid has no exposure controls: queried, they are absent (EINVAL), not an error.
            #expect(try device.queryControl(.exposureAuto) == nil)
            #expect(try device.queryControl(.exposureAbsolute) == nil)
        }

        @Test func mmapStreamDeliversWholeFramesWithRisingSequenceAndTimestamps() async throws {
            let device = try V4L2Device(path: try Vivid.devicePath())
            let format = try device.setFormat(V4L2Format(width: 320, height: 180, pixelFormat: .grey))
            try device.setFrameInterval(.interval(framesPerSecond: 30))
            let stream = try V4L2Stream.start(device: device, bufferCount: 4)
            let timer = stopVividStream(stream, after: .seconds(30))
            var frames: [(sequence: UInt32, timestamp: Duration, count: Int, checksum: Int)] = []
            do {
                for _ in 0..<12 {
                    frames.append(
                        try await stream.withNextFrame { frame in
                            (
                                frame.sequence, frame.timestamp, frame.bytes.count,
                                frame.bytes.reduce(0) { $0 &+ Int($1) }
                            )
                        })
                }
            } catch {
                timer.cancel()
                await stream.stop()
                throw error
            }
            timer.cancel()
            await stream.stop()
            #expect(stream.format == format)
            #expect(frames.allSatisfy { $0.count == 320 * 180 })
            #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
            #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.timestamp < $1.timestamp })
            // The test pattern is still but vivid's on-screen text counts frames: pictures differ.
            #expect(Set(frames.map(\.checksum)).count > 1)
            let statistics = stream.statistics
            #expect(statistics.delivered == 12)
            #expect(statistics.corrupt == 0)
            #expect(statistics.lastSequence != nil)
        }

        @Test func framesTheDriverDropsAreCountedFromItsSequenceGaps() async throws {
            let path = try Vivid.devicePath()
            let device = try V4L2Device(path: path)
            try device.setFormat(V4L2Format(width: 320, height: 180, pixelFormat: .grey))
            try device.setFrameInterval(.interval(framesPerSecond: 30))
            let stream = try V4L2Stream.start(device: device, bufferCount: 4)
            let timer = stopVividStream(stream, after: .seconds(60))
            // A second handle turns vivid's drop injection on while the first streams.
            let controls = try V4L2Device(path: path)
            defer {
                _ = try? controls.setControlValue(Vivid.percentageOfDroppedBuffers, 0)
                controls.close()
            }
            var delivered: [UInt32] = []
            do {
                delivered.append(try await stream.withNextFrame { $0.sequence })
                #expect(try controls.setControlValue(Vivid.percentageOfDroppedBuffers, 50) == 50)
                for _ in 0..<30 { delivered.append(try await stream.withNextFrame { $0.sequence }) }
            } catch {
                timer.cancel()
                await stream.stop()
                throw error
            }
            timer.cancel()
            await stream.stop()
            let statistics = stream.statistics
            let last = try #require(statistics.lastSequence)
            // Every sequence number from the first dequeued buffer on was dequeued or counted as dropped.
            let firstCounted = Int(last) + 1 - statistics.dequeued - statistics.dropped
            #expect(firstCounted >= 0)
            #expect(firstCounted <= Int(delivered[0]))
            // Half of 30-odd frames lost: far more than a few.
            #expect(statistics.dropped >= 5, "dropped \(statistics.dropped) of \(Int(last) + 1 - firstCounted)")
            #expect(zip(delivered, delivered.dropFirst()).contains { $1 > $0 + 1 }, "the reader saw gaps")
        }

        @Test func unbindWhileStreamingEndsTheStreamAsDeviceGoneAndAReloadStreamsAgain() async throws {
            let device = try V4L2Device(path: try Vivid.devicePath())
            try device.setFormat(V4L2Format(width: 320, height: 180, pixelFormat: .grey))
            let stream = try V4L2Stream.start(device: device, bufferCount: 4)
            let timer = stopVividStream(stream, after: .seconds(60))
            var afterRefusedUnload: UInt32 = 0
            do {
                let first = try await stream.withNextFrame { $0.sequence }
                // An open node holds the module: rmmod refuses, and the stream goes on.
                let refused = try await Vivid.unload()
                #expect(refused.status != 0)
                #expect(refused.output.contains("in use"), "rmmod said: \(refused.output)")
                afterRefusedUnload = try await stream.withNextFrame { $0.sequence }
                #expect(afterRefusedUnload > first)
                try Vivid.unbind()
                while true { _ = try await stream.withNextFrame { $0.sequence } }
            } catch let error as V4L2Error {
                #expect(error.isDeviceGone, "the stream ended with \(error)")
                #expect(stream.termination?.isDeviceGone == true)
            }
            timer.cancel()
            await stream.stop()
            if (try? Vivid.devicePath()) != nil { Issue.record("vivid's node is still there after the unbind") }
            #expect(device.isClosed, "the stream closed its device after the loss")
            #expect(afterRefusedUnload > 0)
            try await Vivid.reload()
            let again = try V4L2Device(path: try Vivid.devicePath())
            let restarted = try V4L2Stream.start(device: again, bufferCount: 4)
            let guardTimer = stopVividStream(restarted, after: .seconds(30))
            let sequence = try await restarted.withNextFrame { $0.sequence }
            guardTimer.cancel()
            await restarted.stop()
            #expect(sequence < 1000, "a fresh driver instance counts from the start")
        }
    }
}
