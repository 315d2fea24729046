import FingerprintModuleSim
import Foundation
import SimulatedWorld
import TerminalTesting
import Testing
import WeComCloudSim

/// `attendctl enroll USERID --fp|--face` as an operator runs it: the real `attendctl` and `attendanced`
/// processes (built beside this test bundle), the cloud simulator and a module simulator on a Unix socket.
@Suite("End to end: attendctl enroll USERID --fp|--face", .serialized)
struct SelfInputProcessTests {
    @Test(
        "attendctl enroll: usage errors, refused (exit 1) until the enterprise allows fp, then a local enrollment without oper_id",
        .enabled(if: DaemonBinaries.present("attendanced", "attendctl"), "build attendanced and attendctl first"))
    func attendctlEnroll() async throws {
        let (world, module) = try await DaemonProcessTests.startWorld()
        defer { Task { await module.shutdown() } }
        defer { Task { await world.stop() } }
        let folder = try DaemonScratchFolder()
        let config = try DaemonProcessTests.writeConfig(
            in: folder.path, port: world.port, fingerprintSocket: module.path)
        let daemon = try await DaemonProcessTests.startDaemon(config: config, world: world)
        defer { daemon.killIfRunning() }
        let attendctl = DaemonBinaries.path("attendctl")

        let both = try await SpawnedProcess.run(
            attendctl, ["enroll", "zhangsan", "--fp", "--face", "--config", config])
        #expect(both.status == 64, "\(both.output)")
        let neither = try await SpawnedProcess.run(attendctl, ["enroll", "zhangsan", "--config", config])
        #expect(neither.status == 64, "\(neither.output)")
        #expect(neither.output.contains("--fp"), "\(neither.output)")
        let spaced = try await SpawnedProcess.run(attendctl, ["enroll", "zhang san", "--fp", "--config", config])
        #expect(spaced.status == 64, "\(spaced.output)")
        #expect(spaced.output.contains("USERID: expected a userid without spaces"), "\(spaced.output)")

        let refused = try await SpawnedProcess.run(attendctl, ["enroll", "zhangsan", "--fp", "--config", config])
        #expect(refused.status == 1, "\(refused.output)")
        #expect(
            refused.output.contains(
                "attendctl enroll: local fingerprint enrollment is not allowed: the enterprise has not turned on open_self_input_fp"
            ), "\(refused.output)")

        #expect(await world.cloud.setSelfInput(CloudSelfInputSwitches(fp: true, fa: false)) == [DaemonProcessTests.sn])
        guard
            await eventuallyHolds(
                upTo: 1_000, every: .milliseconds(20), { daemon.output.contains("push_open_self_input stored") })
        else { throw HarnessError("the daemon never stored the switches: \(daemon.output)") }

        let follower = Self.followLocalPrompts(
            daemon, module.module, SimulatedFinger("zhangsan-right-thumb", quality: 90))
        defer { follower.cancel() }
        let enrolled = try await SpawnedProcess.run(attendctl, ["enroll", "zhangsan", "--fp", "--config", config])
        #expect(enrolled.status == 0, "\(enrolled.output) \(daemon.output)")
        #expect(
            enrolled.output.contains("the local fingerprint enrollment of zhangsan enrolled into slot 0 (fp#0)"),
            "\(enrolled.output)")
        guard
            await eventuallyHolds(
                upTo: 1_000, every: .milliseconds(20),
                { await !world.cloud.storedTemplates(userid: "zhangsan").isEmpty })
        else { throw HarnessError("the cloud never got zhangsan's template: \(daemon.output)") }
        #expect(await world.cloud.uploads().map(\.operID) == [nil])

        // enroll cancel is still the cancel subcommand.
        let cancel = try await SpawnedProcess.run(attendctl, ["enroll", "cancel", "--config", config])
        #expect(cancel.status == 1)
        #expect(cancel.output.contains("nothing to cancel: no enrollment is running"), "\(cancel.output)")
    }

    /// A person following the daemon's printed prompts of a local enrollment with `finger`.
    static func followLocalPrompts(
        _ daemon: SpawnedProcess, _ module: SimulatedZFMModule, _ finger: SimulatedFinger
    ) -> Task<Void, Never> {
        Task {
            var seen = 0
            while !Task.isCancelled {
                let lines = daemon.output.split(separator: "\n")
                for line in lines.dropFirst(seen) where line.contains("[local +") {
                    if line.contains("Place your finger") || line.contains("Press the same finger again") {
                        module.place(finger)
                    } else if line.contains("Lift your finger") || line.contains("Processing")
                        || line.contains("Presses did not match")
                    {
                        module.lift()
                    } else if line.contains("Enrolled") || line.contains("Enrollment failed") {
                        module.lift()
                        return
                    }
                }
                seen = lines.count
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }
}
