import ArgumentParser
import FingerprintModule

struct FingerprintInfo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "The module's system parameters (ReadSysPara) and how many templates it holds.")

    @OptionGroup var options: FingerprintLinkOptions

    func run() async throws {
        let lines = try await options.open().use { session in
            let parameters = try await session.parameters()
            let count = try await session.service.templateCount()
            return [
                "module:          \(session.device.description)",
                "library size:    \(parameters.librarySize) pages (\(count) templates stored)",
                "security level:  \(parameters.securityLevel)",
                "packet size:     \(parameters.packetSize) bytes",
                "baud rate:       \(parameters.baudRate)",
                "address:         0x" + hex(parameters.address, digits: 8),
                "system id:       0x" + hex(parameters.systemID, digits: 4),
                "status:          0x" + hex(parameters.statusRegister, digits: 4)
                    + " (\(Self.status(parameters.statusRegister)))",
            ]
        }
        lines.forEach(say)
    }

    /// The status register's flags (busy, finger matched, password verified, image buffer valid).
    static func status(_ register: UInt16) -> String {
        let flags = [(0, "busy"), (1, "matched"), (2, "password verified"), (3, "image buffer valid")]
            .filter { register & (1 << $0.0) != 0 }
            .map(\.1)
        return flags.isEmpty ? "idle" : flags.joined(separator: ", ")
    }
}

func hex(_ value: some BinaryInteger, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}
