import FingerprintModule

/// Misbehaviour the simulated module can be told to show.
public enum ZFMFault: Sendable, Hashable {
    /// Answer every `instruction` with `code` (without executing it) until faults are cleared.
    case nak(ZFMInstruction, ZFMConfirmationCode)
    /// Execute the next command but send its acknowledge with a wrong checksum.
    case corruptNextChecksum
    /// Execute the next command but send only the first half of its acknowledge.
    case truncateNextReply
    /// Put these bytes before the next reply.
    case prependGarbage([UInt8])
    /// Execute the next command and send nothing back.
    case dropNextReply
    /// Ignore every command (no execution, no reply) until faults are cleared.
    case stopAnswering
    /// Send `pattern` over and over, unsolicited, until faults are cleared: a device streaming without end
    /// (a noisy line, firmware stuck in a loop). `SimulatedZFMModule.unsolicitedOutput` hands it out and
    /// `FloodingLink` puts it in front of every read of the host's end. An empty pattern floods nothing.
    case flood([UInt8])
}
