import ArgumentParser
import CBuildInfo
import DeviceSetup
import Foundation
import Logging
import ServiceLifecycle
import SystemSupport
import TerminalDaemon
import TerminalStore
import WeComDevice

@main
struct Attendanced: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attendanced",
        abstract: "The attendance terminal daemon: WeCom session, fingerprint/face enrollment, durable outbox.",
        version: String(cString: attendance_build_version()))

    @Option(name: .long, help: "Config file (JSON).")
    var config: String = "/etc/attendanced/attendanced.json"

    @Option(name: .long, help: "Override cloud.endpoint (wss://…; ws:// only for a loopback simulator).")
    var endpoint: String?

    @Option(name: .long, help: "Override cloud.sn.")
    var sn: String?

    @Option(
        name: .customLong("secret-file"),
        help: ArgumentHelp(
            "A file holding the device SecretNo (mode 600); overrides the config and $ATTENDANCE_DEVICE_SECRET.",
            discussion: "The secret is never taken from the command line: ps shows every process's arguments."))
    var secretFile: String?

    /// Removed: the secret on the command line is visible to every user in `ps`. Kept (hidden) only to
    /// say so instead of "unknown option".
    @Option(name: .customLong("secret-no"), help: .hidden)
    var removedSecretNo: String?

    @Option(name: .long, help: "Override store.path.")
    var store: String?

    @Option(name: .customLong("status-file"), help: "Override store.status_path.")
    var statusFile: String?

    @Option(name: .customLong("fingerprint-link"), help: "Override fingerprint.link (none | unix:PATH).")
    var fingerprintLink: String?

    @Option(name: .long, help: "Override camera.device (none | auto | /dev/videoN).")
    var camera: String?

    @Option(name: .customLong("capture-deadline"), help: "Override capture.deadline_s (5-50).")
    var captureDeadline: Int?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "warning"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError(
                "--log-level: expected one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), got \(logLevel)"
            )
        }
        let environment = ProcessInfo.processInfo.environment
        let journal = JournalLogHandler.stderrIsJournal(environment: environment)
        LoggingSystem.bootstrap { label in
            if journal {
                var handler = JournalLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        guard removedSecretNo == nil else {
            throw ValidationError(
                "--secret-no was removed: every user can read a process's arguments with ps. Give the SecretNo in a file only the daemon's user can read (cloud.secret_file in the config, or --secret-file PATH), or in the \(DeviceSecretSource.environmentVariable) environment variable"
            )
        }
        let settings: DaemonConfig
        do {
            var overrides = ConfigOverrides(environment: environment)
            overrides.endpoint = endpoint
            overrides.sn = sn
            overrides.secretFile = secretFile
            overrides.storePath = store
            overrides.statusPath = statusFile
            overrides.fingerprintLink = fingerprintLink
            overrides.captureDeadlineSeconds = captureDeadline
            overrides.cameraDevice = camera
            settings = try overrides.apply(to: DaemonConfig.load(path: config))
            // Before anything is opened: templates labelled with an undeclared algorithm are refused for ever.
            try settings.checkDeclaredAlgorithms(face: nil)
            // Before anything is opened or created: members' data and secrets closed to others.
            try PrivateFileCheck.run(config: settings, configPath: config)
            _ = try settings.cloud.key.resolve()
        } catch let error as ConfigError where error.isUnfilledSetting {
            FileHandle.standardError.write(Data((NotSetUp.line(configPath: config, error: error) + "\n").utf8))
            throw ExitCode(ConfigError.notSetUpExitStatus)
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        } catch let error as FileExposure {
            throw ExposedFiles(exposures: [error])
        }

        // Before the store or a device is opened: a second daemon on the same files stops here.
        let control: ControlServer
        do {
            control = try ControlServer(path: ControlSocket.path(besidesStatusFile: settings.statusPath))
        } catch {
            throw ValidationError("\(error)")
        }
        let terminalStore = try TerminalStore.open(path: settings.storePath)
        // A missing sensor must not keep the terminal off the cloud: fingerprint pushes are answered
        // 110 (设备故障) while it is away, and it is reopened when it comes back.
        var fingerprint: FingerprintDevice?
        var fingerprintProblem: String?
        do {
            fingerprint = try await FingerprintDevice.recovering(settings.fingerprint)
        } catch {
            fingerprintProblem =
                "fingerprint.link \(settings.fingerprint.link) cannot be opened: \(error); running without a fingerprint sensor"
        }
        let faceOpening = await FaceDevice.open(settings, configPath: config, logger: Logger(label: "attendanced"))
        let face = faceOpening.device
        let reporter = FanOutReporter([
            ConsoleReporter(),
            StatusFileReporter(
                path: settings.statusPath, sn: settings.cloud.sn, endpoint: settings.cloud.endpoint.absoluteString,
                fingerprintDevice: fingerprint?.description ?? "none", faceDevice: face?.description ?? "none",
                faceProblem: face == nil ? faceOpening.problem : nil),
        ])
        let budget = ShutdownBudget.standard
        let terminal: Terminal
        do {
            terminal = try Terminal(
                config: settings, store: terminalStore, fingerprint: fingerprint, face: face,
                transport: WSClientTransport(),
                reporter: reporter, logger: Logger(label: "attendanced"), shutdownBudget: budget)
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
        if let fingerprintProblem { reporter.report(.notice(fingerprintProblem)) }
        reporter.followPresence(fingerprint: fingerprint, face: face)
        if let faceProblem = faceOpening.problem {
            reporter.report(.notice(face == nil ? "face recognition is off: \(faceProblem)" : faceProblem))
        }
        reporter.report(
            .notice(
                "attendanced \(settings.cloud.sn) → \(settings.cloud.endpoint.absoluteString), secret from \(settings.cloud.key.origin), store \(settings.storePath), fingerprint \(fingerprint?.description ?? "none"), face \(face?.description ?? "none"), control \(control.path)"
            ))

        let manager = ServiceManagerNotifier(environment: environment)
        let shutdown = ShutdownWatch(limit: budget.total + budget.cancellation) { limit in
            // Something ignored cancellation: committed work is safe in the store, the rest is retried
            // after the restart. Exit non-zero so the service manager logs it.
            reporter.report(.notice("attendanced: shutdown still not finished after \(limit); exiting now"))
            Foundation.exit(1)
        }
        // systemd's watchdog, when the unit sets WatchdogSec=: started first, so it pings until the end.
        let watchdog: [any Service] =
            ServiceManagerNotifier.watchdogTimeout(environment: environment).map { timeout in
                [
                    ServiceWatchdog(
                        timeout: timeout, check: { await terminal.healthProblem() },
                        ping: { try? manager?.send("WATCHDOG=1") },
                        report: { reporter.report(.notice($0)) })
                ]
            } ?? []
        var group = ServiceGroupConfiguration(
            services: watchdog + [
                ClosingService(name: "store", within: budget.store) { try? terminalStore.close() },
                ClosingService(name: "devices", within: budget.devices) { [fingerprint] in
                    await fingerprint?.close()
                    await face?.release()
                },
            ] + terminal.services() + [
                ControlService(
                    server: control, terminal: terminal, shutdown: shutdown,
                    shutdownStarted: { try? manager?.send("STOPPING=1") })
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "attendanced"))
        // Past `total` the services still running are cancelled; past `cancellation` more the watchdog exits.
        group.maximumGracefulShutdownDuration = budget.total
        // The store is open and the devices probed: systemd may start what waits for us.
        do {
            try manager?.send(
                "READY=1\nSTATUS=store open, fingerprint \(fingerprint?.description ?? "none"), face \(face?.description ?? "none")"
            )
        } catch {
            reporter.report(.notice("attendanced: \(error)"))
        }
        do {
            try await ServiceGroup(configuration: group).run()
        } catch {
            reporter.report(.notice("attendanced: \(error)"))
        }
        reporter.report(
            .notice("attendanced stopped" + (shutdown.elapsed.map { " \($0) after the shutdown signal" } ?? "")))
    }
}
