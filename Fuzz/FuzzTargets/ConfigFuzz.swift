import DeviceSetup
import Foundation

/// The daemon's config file: parsed and validated as `attendanced --config` reads it.
enum ConfigFuzz {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        do {
            let config = try DaemonConfig.parse(Data(bytes), source: "fuzz.json")
            return .accepted(
                "endpoint \(config.cloud.endpoint.absoluteString.prefix(60)), fingerprint \(config.fingerprint.link), "
                    + "camera \(config.camera.device)")
        } catch {
            return .rejected(error)
        }
    }
}
