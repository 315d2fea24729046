import Biometrics
import DeviceSetup
import Enrollment
import FingerprintModuleSim
import Foundation
import SimulatedWorld
import TerminalDaemon
import TerminalStore
import TerminalTesting
import Testing
import WeComCloudSim

/// The FVC2002 DB1_B impressions (`../shared/data`), located from this file's path.
private let fvcFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/data/fingerprints/fvc2002_db1_b")

/// Real time: three 4-bit images of about 40 kB each cross a paced 57,600-baud pseudo-terminal (about
/// 7 s each). The one test of its kind; the other suites keep the simulator at memory speed.
@Suite("End to end: an ISO-template enrollment over a 57,600-baud UART at wire speed")
struct PacedUARTEnrollmentTests {
    static let baud = 57600

    @Test(
        "three presses' images crawl over the wire within the capture deadline, and the prompts say so",
        .enabled(if: FileManager.default.fileExists(atPath: fvcFolder.path), "FVC2002 impressions absent"),
        .timeLimit(.minutes(2)))
    func isoEnrollmentAtWireSpeed() async throws {
        let testStarted = ContinuousClock.now
        let world = try await SimulatedWorld.start(
            sn: "E2E-UART-TERMINAL", secretNo: "e2e-uart-secret", members: [("wangwu", "王五")])
        let module = SimulatedZFMModule(
            configuration: .init(uartImages: true, wirePacing: .realTime), clock: ContinuousClock())
        let server = try ZFMPTYServer(module: module, baud: Self.baud)
        server.start()
        let config = try world.config(
            #""fingerprint": {"link": "tty:\#(server.slavePath)", "baud": \#(Self.baud), "templates": "iso"}, "#
                + #""capture": {"presses": 3, "poll_interval_ms": 50}"#)
        let captureDeadline = Duration.seconds(config.capture.deadlineSeconds)
        let device = try #require(try await FingerprintDevice.open(config.fingerprint))
        let reporter = RecordingReporter()
        let running = try await world.startTerminal(
            config: config, store: try TerminalStore.inMemory(), fingerprint: device, reporter: reporter)

        let impressions = try (1...3).map {
            try SimulatedFinger(imageFile: fvcFolder.appendingPathComponent("103_\($0).tif"))
        }
        let operID = try await world.cloud.pushEnrollment(sn: world.sn, userid: "wangwu", pageType: .fingerprint)
        let person = Task { await Self.followPrompts(reporter, module: module, impressions: impressions) }
        let operation = try await world.cloud.waitForOperation(operID, timeout: .seconds(90))
        person.cancel()
        await running.stop()
        await device.close()
        await server.shutdown()
        await world.stop()

        #expect(operation.status == .accepted, "\(operation.reason ?? "") errcode \(operation.resultErrcode ?? -1)")
        #expect(operation.resultErrcode == 0)
        #expect(module.count(of: .upImage) >= 3)

        let prompts = reporter.events.compactMap { if case .prompt(let event) = $0 { event } else { nil } }
        let wire = WirePacer.duration(ofBytes: 40_044, as: .eightNoneOne(Self.baud))
        var uploads: [Duration] = []
        for press in 1...3 {
            // From "reading the image, 0 %" to the prompt that follows the capture (lift, or processing).
            let reading = try #require(
                prompts.firstIndex { $0.prompt == .readingImage(press: press, of: 3, percent: 0) },
                "no reading-the-image prompt for press \(press): \(prompts.map(\.prompt))")
            let steps = prompts[reading...].prefix { if case .readingImage = $0.prompt { true } else { false } }
            #expect(
                steps.map(\.prompt) == [0, 20, 40, 60, 80, 100].map { .readingImage(press: press, of: 3, percent: $0) })
            let after = try #require(prompts[reading...].first { $0.prompt == .liftFinger || $0.prompt == .processing })
            let upload = after.elapsed - prompts[reading].elapsed
            uploads.append(upload)
            // The prompts are timed when the runner handles them: on a loaded machine the 0 % one can come
            // late, so one press is only checked to be far from memory speed (0.1 s); the sum below is exact.
            #expect(upload >= wire / 2, "press \(press)'s image crossed at memory speed: \(upload)")
        }
        let captureDone = try #require(prompts.first { $0.prompt == .processing }).elapsed
        #expect(captureDone >= wire * 3, "three images cannot cross in less than three wire times: \(captureDone)")
        #expect(captureDone < captureDeadline, "capture took \(captureDone) of the \(captureDeadline) deadline")
        print(
            "paced 57,600-baud ISO enrollment: uploads \(uploads.map { String(format: "%.2f s", seconds($0)) }), capture done after \(String(format: "%.1f", seconds(captureDone))) s of \(captureDeadline), wire time of one image \(String(format: "%.2f", seconds(wire))) s, test \(String(format: "%.1f", seconds(ContinuousClock.now - testStarted))) s"
        )
    }

    /// A person who follows the screen: impression k on "place"/"press again" k, lifts on "lift" and at the end.
    private static func followPrompts(
        _ reporter: RecordingReporter, module: SimulatedZFMModule, impressions: [SimulatedFinger]
    ) async {
        var next = 0
        while !Task.isCancelled {
            let events = reporter.events
            for case .prompt(let event) in events[next...] {
                switch event.prompt {
                case .placeFinger(let press, _), .pressAgain(let press, _):
                    module.place(impressions[(press - 1) % impressions.count])
                case .liftFinger, .processing, .pressesDidNotMatch, .enrolled, .failed, .cancelled:
                    module.lift()
                default:
                    break
                }
            }
            next = events.count
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
