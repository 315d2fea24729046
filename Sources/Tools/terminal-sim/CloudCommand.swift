import ArgumentParser
import Foundation
import WeComCloudSim

struct Cloud: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the WeCom cloud simulator (device WebSocket + admin HTTP API) on loopback until Ctrl-C.")

    @Option(help: "TCP port on 127.0.0.1 (0 = any free port).")
    var port: Int = 8700

    @Option(help: "Register a device at the 'vendor console': SN:SECRETNO (repeatable).")
    var device: [String] = []

    @Option(help: "Add a corp member: USERID[:NAME] (repeatable).")
    var member: [String] = []

    @Flag(help: "Bind every --device to the corp at once (otherwise POST /admin/devices/SN/bind).")
    var bind = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port: expected 0-65535, got \(port)") }
        for entry in device where entry.split(separator: ":").count != 2 {
            throw ValidationError("--device: expected SN:SECRETNO, got \(entry)")
        }
    }

    func run() async throws {
        let cloud = CloudSimulator()
        for entry in device {
            let parts = entry.split(separator: ":").map(String.init)
            try await cloud.addDevice(sn: parts[0], secretNo: parts[1])
            if bind { try await cloud.bind(sn: parts[0]) }
        }
        for entry in member {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            try await cloud.addMember(userid: parts[0], name: parts.count > 1 ? parts[1] : parts[0])
        }
        let bound = try await cloud.start(host: "127.0.0.1", port: port)
        emit("cloud simulator: device endpoint ws://127.0.0.1:\(bound)/  admin API http://127.0.0.1:\(bound)/admin/")
        let narration = Task { for await event in cloud.events { emit(CloudNarration.describe(event)) } }
        await waitForInterrupt()
        narration.cancel()
        await cloud.stop()
    }
}
