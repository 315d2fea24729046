import ArgumentParser
import V4L2

/// `attendctl camera list`: every streaming capture node, and why other video nodes were skipped.
struct CameraList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List V4L2 capture devices: path, driver, card and bus.")

    @Option(help: "The directory to scan for video<N> nodes.")
    var directory: String = "/dev"

    func run() async throws {
        let discovery = V4L2Device.discover(in: directory)
        if discovery.devices.isEmpty { say("no V4L2 capture devices under \(directory)") }
        for info in discovery.devices {
            let caps = info.capabilities
            say("\(info.path)  driver \(caps.driver) \(caps.versionString)  card \"\(caps.card)\"  bus \(caps.busInfo)")
        }
        for (path, reason) in discovery.rejected.sorted(by: { $0.key < $1.key }) {
            say("skipped \(path): \(reason)")
        }
    }
}
