import Foundation
import TerminalTesting
import Testing

/// The real `attendanced` as systemd runs it (attendanced.service: Type=notify, WatchdogSec=,
/// LoadCredential=device-secret), with this test in systemd's place: it owns $NOTIFY_SOCKET and the
/// credentials folder, and reads what the daemon tells it.
@Suite("End to end: attendanced under a service manager (sd_notify, watchdog, credential)", .serialized)
struct ServiceManagerProcessTests {
    @Test(
        "READY=1 after start, WATCHDOG=1 every half timeout while healthy, none while stopped, STOPPING=1 on SIGTERM; the secret from a credential",
        .enabled(if: DaemonBinaries.present("attendanced"), "build attendanced first"))
    func notifiesTheServiceManager() async throws {
        let (world, module) = try await DaemonProcessTests.startWorld()
        defer { Task { await module.shutdown() } }
        defer { Task { await world.stop() } }
        let folder = try DaemonScratchFolder()
        let config = try Self.writeConfigWithoutSecret(
            in: folder.path, port: world.port, fingerprintSocket: module.path)
        let credentials = folder.path + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: false)
        try writePrivateTestFile(credentials + "/device-secret", DaemonProcessTests.secret + "\n")
        let listener = try NotifySocketListener(path: folder.path + "/notify.sock")
        defer { listener.stop() }

        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = listener.path
        environment["WATCHDOG_USEC"] = "400000"
        environment["CREDENTIALS_DIRECTORY"] = credentials
        environment["ATTENDANCE_DEVICE_SECRET"] = nil
        let daemon = try SpawnedProcess(
            DaemonBinaries.path("attendanced"), ["--config", config, "--log-level", "notice"], environment: environment)
        defer { daemon.killIfRunning() }

        // Logged in with the credential's secret: the cloud simulator checks it.
        try await DaemonProcessTests.waitUntilLoggedIn(world, daemon)
        #expect(daemon.output.contains("secret from \(credentials)/device-secret"), "\(daemon.output)")
        #expect(await eventuallyHolds { listener.count("READY=1") == 1 }, "\(listener.messages)")
        #expect(listener.messages.first?.hasPrefix("READY=1\nSTATUS=store open") == true, "\(listener.messages)")
        #expect(await eventuallyHolds { listener.count("WATCHDOG=1") >= 3 }, "\(listener.messages)")

        // Stopped (what `kill -STOP` does to a wedged daemon): no pings, so systemd's watchdog fires.
        kill(daemon.pid, SIGSTOP)
        try await Task.sleep(for: .milliseconds(100))
        let beforeStop = listener.count("WATCHDOG=1")
        try await Task.sleep(for: .milliseconds(1200))
        #expect(listener.count("WATCHDOG=1") == beforeStop)
        kill(daemon.pid, SIGCONT)
        #expect(await eventuallyHolds { listener.count("WATCHDOG=1") > beforeStop })

        kill(daemon.pid, SIGTERM)
        let exit = try await daemon.waitForExit(orKillAfter: .seconds(30))
        #expect(exit == .exited(0), "\(daemon.output)")
        #expect(listener.count("STOPPING=1") == 1, "\(listener.messages)")
        #expect(listener.count("READY=1") == 1)
    }

    @Test(
        "the installed skeleton, not filled in: one line saying what to fill in, exit 78 (no restart loop)",
        .enabled(if: DaemonBinaries.present("attendanced"), "build attendanced first"))
    func refusesTheSkeleton() async throws {
        let folder = try DaemonScratchFolder()
        let config = folder.path + "/attendanced.json"
        try writePrivateTestFile(
            config,
            #"{"cloud": {"sn": ""}, "store": {"path": "\#(folder.path)/terminal.sqlite"}, "fingerprint": {"link": "none"}}"#
        )
        var environment = ProcessInfo.processInfo.environment
        environment["ATTENDANCE_DEVICE_SECRET"] = nil
        environment["CREDENTIALS_DIRECTORY"] = nil
        let daemon = try SpawnedProcess(
            DaemonBinaries.path("attendanced"), ["--config", config], environment: environment)
        let exit = try await daemon.waitForExit(orKillAfter: .seconds(30))
        #expect(exit == .exited(78), "\(daemon.output)")
        let lines = daemon.output.split(separator: "\n")
        #expect(lines.count == 1, "\(daemon.output)")
        #expect(
            lines.first?.hasPrefix("attendanced: \(config) is not set up yet: fill in cloud.sn and the device secret")
                == true,
            "\(daemon.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/terminal.sqlite"), "nothing is created")

        // With the serial number in but no secret anywhere: the same line, naming the secret.
        try writePrivateTestFile(
            config,
            #"{"cloud": {"sn": "T-1"}, "store": {"path": "\#(folder.path)/terminal.sqlite"}, "fingerprint": {"link": "none"}}"#
        )
        let second = try SpawnedProcess(
            DaemonBinaries.path("attendanced"), ["--config", config], environment: environment)
        #expect(try await second.waitForExit(orKillAfter: .seconds(30)) == .exited(78), "\(second.output)")
        #expect(second.output.contains("first missing: cloud.secret_file"), "\(second.output)")
    }

    @Test(
        "--version prints the VERSION file's release", .enabled(if: DaemonBinaries.present("attendanced", "attendctl")))
    func version() async throws {
        let expected = try String(contentsOfFile: Self.repositoryFile("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for tool in ["attendanced", "attendctl"] {
            let run = try await SpawnedProcess.run(DaemonBinaries.path(tool), ["--version"])
            #expect(run.status == 0)
            #expect(run.output == expected + "\n", "\(tool): \(run.output)")
        }
    }

    static func repositoryFile(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(name).path
    }

    static func writeConfigWithoutSecret(in folder: String, port: Int, fingerprintSocket: String) throws -> String {
        let config = folder + "/attendanced.json"
        try writePrivateTestFile(
            config,
            """
            {
              "cloud": {"endpoint": "ws://127.0.0.1:\(port)/", "sn": "\(DaemonProcessTests.sn)"},
              "store": {"path": "\(folder)/terminal.sqlite"},
              "capture": {"presses": 3, "deadline_s": 45, "poll_interval_ms": 50},
              "fingerprint": {"link": "unix:\(fingerprintSocket)"},
              "recognition": {"enabled": false}
            }
            """)
        return config
    }
}
