import CameraSim
import ClockTesting
import Glibc
import Testing
import V4L2

extension CameraSimTier2Tests {
    /// Our `V4L2` module (V4L2Device, V4L2Stream) against the simulated camera.
    @Suite struct V4L2LayerTests {
        @Test func discoveryFindsTheSimulatedCaptureDevice() throws {
            let testbed = try CameraTestbed(clock: ManualClock())
            defer { testbed.shutDown() }
            let camera = try testbed.addCamera(source: MovingGradientSource())
            let discovery = V4L2Device.discover()
            let info = try #require(discovery.devices.first { $0.path == camera.devicePath })
            #expect(camera.devicePath == "/dev/video0")
            #expect(info.capabilities.isVideoCapture)
            #expect(info.capabilities.supportsStreaming)
            #expect(info.capabilities.card == "CameraSim IR Camera")
            #expect(discovery.rejected[camera.devicePath] == nil)
        }

        @Test func formatsSizesIntervalsAndControlsAreListed() throws {
            let testbed = try CameraTestbed(clock: ManualClock())
            defer { testbed.shutDown() }
            let camera = try testbed.addCamera(source: MovingGradientSource())
            let device = try V4L2Device(path: camera.devicePath)
            defer { device.close() }
            #expect(try device.pixelFormats().map(\.fourcc) == [.grey, .yuyv])
            #expect(try device.pixelFormats().allSatisfy { !$0.isCompressed })
            let sizes = try device.frameSizes(for: .grey)
            #expect(
                sizes
                    == .discrete([
                        V4L2Size(width: 640, height: 480), V4L2Size(width: 320, height: 240),
                        V4L2Size(width: 1280, height: 720),
                    ]))
            let intervals = try device.frameIntervals(for: .yuyv, size: V4L2Size(width: 640, height: 480))
            #expect(intervals == .discrete([30, 15, 5].map { V4L2Fraction.interval(framesPerSecond: $0) }))
            let controls = try device.controls()
            #expect(controls.map(\.id).contains(.exposureAuto))
            #expect(controls.map(\.id).contains(.exposureAbsolute))
            let exposure = try #require(try device.queryControl(.exposureAuto))
            #expect(exposure.defaultValue == V4L2ExposureMode.aperturePriority.rawValue)
            try device.setExposureMode(.manual)
            #expect(try device.controlValue(.exposureAuto) == V4L2ExposureMode.manual.rawValue)
            #expect(camera.controlValue(V4L2ControlID.exposureAuto.rawValue) == V4L2ExposureMode.manual.rawValue)
        }

        @Test func setFormatReturnsWhatTheDriverAdjusted() throws {
            let testbed = try CameraTestbed(clock: ManualClock())
            defer { testbed.shutDown() }
            let camera = try testbed.addCamera(source: MovingGradientSource())
            let device = try V4L2Device(path: camera.devicePath)
            defer { device.close() }
            let set = try device.setFormat(V4L2Format(width: 300, height: 200, pixelFormat: .yuyv))
            #expect(set.pixelFormat == .yuyv)
            #expect(set.width != 300 || set.height != 200)
            #expect(
                [
                    V4L2Size(width: 640, height: 480), V4L2Size(width: 320, height: 240),
                    V4L2Size(width: 1280, height: 720),
                ]
                .contains(V4L2Size(width: set.width, height: set.height)))
            #expect(set.bytesPerLine == 2 * set.width)
            #expect(try device.format() == set)
            #expect(camera.frameSize == CameraFrameSize(width: Int(set.width), height: Int(set.height)))
            #expect(try device.setFrameInterval(.interval(framesPerSecond: 15)) == .interval(framesPerSecond: 15))
            #expect(camera.framesPerSecond == 15)
        }

        @Test func greyStreamDeliversTheSourceBytesWithRisingSequenceAndNoStaleBuffer() async throws {
            let clock = ManualClock()
            let source = MovingGradientSource(width: 160, height: 120)
            try await UVCSimBench.run(clock: clock, source: source) { bench in
                let device = try V4L2Device(path: bench.camera.devicePath)
                try device.setFormat(V4L2Format(width: 320, height: 240, pixelFormat: .grey))
                let stream = try V4L2Stream.start(device: device, bufferCount: 3)
                var sequences: [UInt32] = []
                var mismatches = 0
                do {
                    // More frames than buffers: every buffer is reused several times.
                    for _ in 0..<10 {
                        let (sequence, bytes) = try await whileTicking(clock, bench.camera) {
                            try await stream.withNextFrame { frame in (frame.sequence, Array(frame.bytes)) }
                        }
                        sequences.append(sequence)
                        let expected = source.frame(at: Int(sequence)).resized(
                            to: CameraFrameSize(width: 320, height: 240))
                        if bytes != expected.pixels { mismatches += 1 }
                    }
                } catch {
                    await stream.stop()
                    throw error
                }
                await stream.stop()
                #expect(mismatches == 0)
                #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $0 < $1 })
                #expect(stream.statistics.delivered == 10)
                #expect(stream.format.pixelFormat == .grey)
            }
        }

        @Test func yuyvStreamCarriesTheSourceInItsLumaPlane() async throws {
            let clock = ManualClock()
            let source = MovingGradientSource(width: 160, height: 120)
            try await UVCSimBench.run(clock: clock, source: source) { bench in
                let device = try V4L2Device(path: bench.camera.devicePath)
                let format = try device.setFormat(V4L2Format(width: 320, height: 240, pixelFormat: .yuyv))
                let stream = try V4L2Stream.start(device: device)
                let result: (UInt32, [UInt8], [UInt8])
                do {
                    result = try await whileTicking(clock, bench.camera) {
                        try await stream.withNextFrame { frame in
                            let bytes = Array(frame.bytes)
                            let luma = (0..<(320 * 240)).map { bytes[2 * $0] }
                            let chroma = (0..<(320 * 240)).map { bytes[2 * $0 + 1] }
                            return (frame.sequence, luma, chroma)
                        }
                    }
                } catch {
                    await stream.stop()
                    throw error
                }
                await stream.stop()
                #expect(format.bytesPerLine == 640)
                let expected = source.frame(at: Int(result.0)).resized(to: CameraFrameSize(width: 320, height: 240))
                #expect(result.1 == expected.pixels)
                #expect(result.2.allSatisfy { $0 == 128 })
            }
        }

        @Test func framesLostWhileTheReaderIsSlowAreCountedAsTheCameraCountsThem() async throws {
            let clock = ManualClock()
            try await UVCSimBench.run(clock: clock) { bench in
                let device = try V4L2Device(path: bench.camera.devicePath)
                let stream = try V4L2Stream.start(device: device, bufferCount: 4)
                do {
                    let first = try await whileTicking(clock, bench.camera) {
                        try await stream.withNextFrame { $0.sequence }
                    }
                    // Ten frames fall due at once: four fill the queued buffers, six find no buffer.
                    clock.advance(by: bench.camera.frameInterval * 10)
                    var last = first
                    while last < first + 11 {
                        last = try await whileTicking(clock, bench.camera) {
                            try await stream.withNextFrame { $0.sequence }
                        }
                    }
                } catch {
                    await stream.stop()
                    throw error
                }
                await stream.stop()
                let cameraDropped = bench.camera.counters.dropped
                #expect(cameraDropped >= 6)
                #expect(stream.statistics.dropped == cameraDropped)
            }
        }

        @Test func removingTheCameraEndsTheStreamWithDeviceGone() async throws {
            let clock = ManualClock()
            try await UVCSimBench.run(clock: clock) { bench in
                let device = try V4L2Device(path: bench.camera.devicePath)
                let stream = try V4L2Stream.start(device: device)
                do {
                    _ = try await whileTicking(clock, bench.camera) { try await stream.withNextFrame { $0.sequence } }
                    bench.camera.remove()
                    // A frame dequeued just before the unplug may still be lent; the stream must end soon after.
                    var ending: (any Error)?
                    for _ in 0..<10 where ending == nil {
                        do {
                            _ = try await whileTicking(clock, bench.camera) {
                                try await stream.withNextFrame { $0.sequence }
                            }
                        } catch {
                            ending = error
                        }
                    }
                    #expect(
                        (ending as? V4L2Error)?.isDeviceGone == true, "stream ended with \(String(describing: ending))")
                } catch {
                    await stream.stop()
                    throw error
                }
                await stream.stop()
                #expect(
                    stream.termination?.isDeviceGone == true, "termination \(String(describing: stream.termination))")
                #expect(device.isClosed)
            }
        }
    }
}
