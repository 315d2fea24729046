import CameraSim
import Foundation
import ImageFiles
import Imaging
import Measuring
import V4L2

/// Streams one pixel format from a simulated camera through `V4L2Stream` and measures the capture loop.
struct CameraCaptureBench {
    /// The formats measured, in order.
    enum Format: String, CaseIterable, Codable {
        case grey = "GREY", yuyv = "YUYV", mjpeg = "MJPEG"

        var pixelFormat: PixelFormat {
            switch self {
            case .grey: .grey
            case .yuyv: .yuyv
            case .mjpeg: .mjpeg
            }
        }
    }

    struct Result: Codable {
        let format: Format
        let elapsedSeconds: Double
        /// Frames the simulator's clock made while streaming, handed over by DQBUF, and lost for want of a queued buffer.
        let cameraProduced: Int
        let cameraDelivered: Int
        let cameraDropped: Int
        /// What V4L2Stream saw.
        let streamDequeued: Int
        let delivered: Int
        let droppedSequenceGaps: Int
        let unclaimed: Int
        let corrupt: Int
        let damagedJpeg: Int
        let unconvertible: Int
        let deliveredFps: Double
        /// Delivered ÷ produced.
        let deliveryRatio: Double
        let grayConversionMs: Summary
        let rgbConversionMs: Summary?
        let conversionMs: Summary
        let cpuUserSeconds: Double
        let cpuSystemSeconds: Double
        let cpuMsPerFrame: Double

        var line: String {
            String(
                format:
                    "%@: produced %d, delivered %d (%.2f fps, %.1f%%), dropped %d, unclaimed %d, corrupt %d; convert median %.3f ms p95 %.3f ms; CPU %.2f ms/frame",
                format.rawValue, cameraProduced, delivered, deliveredFps, 100 * deliveryRatio, droppedSequenceGaps,
                unclaimed, corrupt, conversionMs.median, conversionMs.p95, cpuMsPerFrame)
        }
    }

    let width: Int
    let height: Int
    let framesPerSecond: Int
    let duration: Duration

    func run(_ format: Format, camera: SimulatedCamera) async throws -> Result {
        let device = try V4L2Device(path: camera.devicePath)
        let fourcc = V4L2FourCC(rawValue: format.pixelFormat.fourCC)
        let set: V4L2Format
        do {
            set = try device.setFormat(V4L2Format(width: UInt32(width), height: UInt32(height), pixelFormat: fourcc))
            try device.setFrameInterval(.interval(framesPerSecond: UInt32(framesPerSecond)))
        } catch {
            device.close()
            throw error
        }
        guard set.pixelFormat == fourcc, set.width == UInt32(width), set.height == UInt32(height) else {
            device.close()
            throw CameraBenchError(
                "\(camera.devicePath): asked for \(format.rawValue) \(width)x\(height), driver set \(set.pixelFormat) \(set.width)x\(set.height)"
            )
        }
        let decoder = try JPEGDecoder()
        var gray = GrayFrame()
        var rgb = RGBFrame()
        var grayTimes: [Duration] = []
        var rgbTimes: [Duration] = []
        var totalTimes: [Duration] = []
        var damaged = 0
        var unconvertible = 0
        let clock = ContinuousClock()
        let countersBefore = camera.counters
        let cpuBefore = ProcessCPUTime.now()
        let start = clock.now
        let stream = try V4L2Stream.start(device: device)
        let timer = Task {
            guard (try? await Task.sleep(for: duration)) != nil else { return }
            stream.requestStop()
        }
        do {
            while true {
                try await stream.withNextFrame { frame in
                    let bytesPerLine = Int(frame.format.bytesPerLine)
                    let t0 = clock.now
                    do {
                        switch format {
                        case .grey:
                            try PixelConversion.convert(
                                grey: frame.bytes, width: width, height: height, bytesPerLine: bytesPerLine, into: &gray
                            )
                        case .yuyv:
                            try PixelConversion.convert(
                                yuyv: frame.bytes, width: width, height: height, bytesPerLine: bytesPerLine, into: &gray
                            )
                        case .mjpeg:
                            if case .damaged = try decoder.decode(frame.bytes, into: &gray) { damaged += 1 }
                        }
                        let t1 = clock.now
                        switch format {
                        case .grey:
                            break
                        case .yuyv:
                            try PixelConversion.convert(
                                yuyv: frame.bytes, width: width, height: height, bytesPerLine: bytesPerLine, into: &rgb)
                        case .mjpeg:
                            try decoder.decode(frame.bytes, into: &rgb)
                        }
                        let t2 = clock.now
                        grayTimes.append(t0.duration(to: t1))
                        if format != .grey { rgbTimes.append(t1.duration(to: t2)) }
                        totalTimes.append(t0.duration(to: t2))
                    } catch {
                        unconvertible += 1
                    }
                }
            }
        } catch V4L2Error.streamEnded {
        } catch {
            timer.cancel()
            await stream.stop()
            throw error
        }
        let elapsed = start.duration(to: clock.now)
        let cpu = ProcessCPUTime.now() - cpuBefore
        await stream.stop()
        let counters = camera.counters
        let statistics = stream.statistics
        let produced = counters.produced - countersBefore.produced
        let elapsedSeconds = elapsed.milliseconds / 1000
        return Result(
            format: format, elapsedSeconds: elapsedSeconds,
            cameraProduced: produced, cameraDelivered: counters.delivered - countersBefore.delivered,
            cameraDropped: counters.dropped - countersBefore.dropped,
            streamDequeued: statistics.dequeued, delivered: statistics.delivered,
            droppedSequenceGaps: statistics.dropped, unclaimed: statistics.unclaimed, corrupt: statistics.corrupt,
            damagedJpeg: damaged, unconvertible: unconvertible,
            deliveredFps: elapsedSeconds > 0 ? Double(statistics.delivered) / elapsedSeconds : 0,
            deliveryRatio: produced > 0 ? Double(statistics.delivered) / Double(produced) : 0,
            grayConversionMs: Summary(grayTimes), rgbConversionMs: format == .grey ? nil : Summary(rgbTimes),
            conversionMs: Summary(totalTimes),
            cpuUserSeconds: cpu.user, cpuSystemSeconds: cpu.system,
            cpuMsPerFrame: statistics.delivered > 0 ? (cpu.user + cpu.system) * 1000 / Double(statistics.delivered) : 0)
    }
}

struct CameraBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
