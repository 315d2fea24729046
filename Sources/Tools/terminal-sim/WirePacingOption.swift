import ArgumentParser
import FingerprintModuleSim

/// `--wire-pacing on|off`: whether the module simulator's UART (pseudo-terminal, CH340/CP210x) takes
/// the wire's time for its bytes (10 bits a byte at 57,600 baud: about 7 s for a 4-bit image).
enum WirePacingOption: String, ExpressibleByArgument, CaseIterable {
    case on, off

    var pacing: WirePacing { self == .on ? .realTime : .off }

    /// For the commands' startup lines.
    var summary: String {
        self == .on ? "paced at the wire's baud" : "not paced (memory speed)"
    }
}
