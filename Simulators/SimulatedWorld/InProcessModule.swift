import DeviceSetup
import FingerprintModuleSim

/// A simulated ZFM module served over an in-process byte link, as the terminal's fingerprint device.
public struct InProcessModule: Sendable {
    public let module: SimulatedZFMModule
    /// The terminal's view of the module: the real ZFM driver on the host end of the link.
    public let device: FingerprintDevice
    private let serving: Task<Void, Never>

    /// Starts serving `module` on a fresh link pair.
    public init(_ module: SimulatedZFMModule, description: String = "in-process ZFM simulator") {
        let pair = InProcessLinkPair()
        self.module = module
        serving = Task { await module.serve(pair.device) }
        device = FingerprintDevice(link: pair.host, address: 0xFFFF_FFFF, password: 0, description: description)
    }

    /// Stops serving the module.
    public func stop() {
        serving.cancel()
    }
}
