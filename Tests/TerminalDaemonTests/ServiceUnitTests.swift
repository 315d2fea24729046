import DeviceSetup
import Foundation
import Testing

@testable import TerminalDaemon

/// The installed systemd unit and config skeleton (packaging/) against the rules the code owns: the
/// unit may not decide a limit differently from the daemon.
@Suite("packaging/attendanced.service and the config skeleton follow the daemon's own rules")
struct ServiceUnitTests {
    static let packaging = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("packaging")

    /// The unit's [Service] settings, every value of a repeated key in order.
    static func serviceSettings() throws -> [String: [String]] {
        let text = try String(contentsOf: packaging.appendingPathComponent("attendanced.service"), encoding: .utf8)
        var section = ""
        var settings: [String: [String]] = [:]
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                section = line
                continue
            }
            guard section == "[Service]", let equals = line.firstIndex(of: "=") else { continue }
            settings[String(line[..<equals]), default: []].append(String(line[line.index(after: equals)...]))
        }
        return settings
    }

    static func seconds(_ value: String) throws -> Duration {
        let digits = value.hasSuffix("s") ? String(value.dropLast()) : value
        return .seconds(try #require(Int(digits), "a whole number of seconds, got \(value)"))
    }

    @Test("Type=notify, a watchdog, the stop timeout covers the shutdown budget, no restart loop when not set up")
    func lifecycle() throws {
        let unit = try Self.serviceSettings()
        #expect(unit["Type"] == ["notify"])
        #expect(unit["NotifyAccess"] == ["main"])
        #expect(unit["Restart"] == ["on-failure"])
        let watchdog = try Self.seconds(try #require(unit["WatchdogSec"]?.last))
        #expect(watchdog >= .seconds(10), "pings every \(watchdog / 2): a slow turn must not cost a restart")
        let stop = try Self.seconds(try #require(unit["TimeoutStopSec"]?.last))
        let budget = ShutdownBudget.standard
        #expect(stop > budget.total + budget.cancellation, "SIGTERM must end the daemon before systemd kills it")
        let prevented = (unit["RestartPreventExitStatus"] ?? []).flatMap { $0.split(separator: " ") }
        #expect(prevented.contains("\(ConfigError.notSetUpExitStatus)"))
    }

    @Test("runs as attendance, writes only its state folder, reads the secret credential the daemon looks for")
    func sandbox() throws {
        let unit = try Self.serviceSettings()
        #expect(unit["User"] == ["attendance"])
        #expect(unit["ProtectSystem"] == ["strict"])
        #expect(unit["ReadWritePaths"] == ["/var/lib/attendanced"])
        #expect(unit["NoNewPrivileges"] == ["yes"])
        let families = Set((unit["RestrictAddressFamilies"] ?? []).flatMap { $0.split(separator: " ") })
        #expect(families == ["AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK"], "libusb's hotplug needs netlink")
        let credentials = (unit["LoadCredential"] ?? []).map { $0.split(separator: ":").first.map(String.init) }
        #expect(credentials.contains(DeviceSecretSource.credentialName))
        #expect(unit["DevicePolicy"] == ["closed"])
    }

    @Test("the config skeleton parses, is refused as 'not set up yet', and keeps the store in the writable folder")
    func skeleton() throws {
        let data = try Data(contentsOf: Self.packaging.appendingPathComponent("attendanced.json"))
        let refusal = #expect(throws: ConfigError.self) { try DaemonConfig.parse(data, source: "attendanced.json") }
        #expect(refusal?.isUnfilledSetting == true, "\(String(describing: refusal))")
        #expect(refusal?.key == "cloud.sn")

        // Filled in, it is a working config whose files all live under ReadWritePaths.
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var cloud = try #require(object["cloud"] as? [String: Any])
        cloud["sn"] = "T-1"
        object["cloud"] = cloud
        let filled = try DaemonConfig.parse(try JSONSerialization.data(withJSONObject: object))
        for path in [filled.storePath, filled.statusPath, filled.faceKeyPath] {
            #expect(path.hasPrefix("/var/lib/attendanced/"), "\(path)")
        }
        #expect(filled.face.modelsDirectory == "/usr/share/attendanced/models")
    }
}
