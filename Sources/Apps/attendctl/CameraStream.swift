import ArgumentParser
import Foundation
import Measuring
import V4L2

/// `attendctl camera stream`: streams for a while, converting every frame, and reports the rate and losses.
struct CameraStream: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract:
            "Stream for N seconds converting each frame to grey; print delivered fps, drops (sequence gaps), corrupt and damaged frames."
    )

    @OptionGroup var camera: CameraDeviceOptions
    @OptionGroup var capture: CameraCaptureOptions

    @Option(help: "How long to stream, in seconds.")
    var seconds: Double = 5

    func validate() throws {
        guard seconds > 0, seconds <= 86_400 else {
            throw ValidationError("--seconds must be within (0, 86400], got \(seconds)")
        }
    }

    func run() async throws {
        let streaming = try StreamingCamera(camera, capture)
        let (device, negotiated, converter) = (streaming.device, streaming.negotiated, streaming.converter)
        let stream = streaming.stream
        let clock = ContinuousClock()
        let start = clock.now
        say("\(device.path): streaming \(negotiated.summary) for \(seconds) s")
        let timer = stopStream(stream, after: .seconds(seconds))
        var firstTimestamp: Duration?
        var lastTimestamp: Duration?
        var failure: (any Error)?
        do {
            while true {
                try await stream.withNextFrame { frame in
                    if firstTimestamp == nil { firstTimestamp = frame.timestamp }
                    lastTimestamp = frame.timestamp
                    converter.convert(frame)
                }
            }
        } catch V4L2Error.streamEnded {
        } catch {
            failure = error
        }
        timer.cancel()
        let elapsed = start.duration(to: clock.now)
        await stream.stop()
        let statistics = stream.statistics
        let report = CameraStreamReport(
            statistics: statistics, elapsed: elapsed, firstTimestamp: firstTimestamp, lastTimestamp: lastTimestamp,
            damaged: converter.damaged, unconvertible: converter.unconvertible)
        report.lines.forEach(say)
        if let why = converter.lastFailure { say("last conversion failure: \(why)") }
        if let failure {
            throw CameraCommandError("camera \(device.path): stream ended early: \(failure)")
        }
    }
}

/// The figures `camera stream` prints.
struct CameraStreamReport {
    let statistics: V4L2StreamStatistics
    let elapsed: Duration
    let firstTimestamp: Duration?
    let lastTimestamp: Duration?
    let damaged: Int
    let unconvertible: Int

    var lines: [String] {
        let seconds = elapsed.seconds
        let wallRate = seconds > 0 ? Double(statistics.delivered) / seconds : 0
        var lines = [
            String(format: "delivered %d frames in %.2f s: %.2f fps", statistics.delivered, seconds, wallRate)
        ]
        if let first = firstTimestamp, let last = lastTimestamp, statistics.delivered > 1, last > first {
            let span = last - first
            let spanSeconds = span.seconds
            lines.append(
                String(
                    format: "driver timestamps: %.2f fps over %.2f s", Double(statistics.delivered - 1) / spanSeconds,
                    spanSeconds))
        }
        lines.append(
            "dropped \(statistics.dropped) (sequence gaps), corrupt \(statistics.corrupt) (error flag or empty), unclaimed \(statistics.unclaimed), dequeued \(statistics.dequeued)"
        )
        lines.append("damaged JPEG \(damaged) (decoded with a warning), unconvertible \(unconvertible)")
        if let sequence = statistics.lastSequence { lines.append("last sequence \(sequence)") }
        return lines
    }
}
