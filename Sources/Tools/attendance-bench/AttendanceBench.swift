import ArgumentParser
import Foundation

@main
struct AttendanceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attendance-bench",
        abstract: "Benchmarks of the terminal against its simulators; each writes one JSON file.",
        subcommands: [
            EnrollmentCommand.self, USBLinkCommand.self, CameraCaptureCommand.self, FingerprintBenchCommand.self,
            FaceBenchCommand.self, IdentifyCommand.self, IdleCommand.self, SoakCommand.self, SyncCommand.self,
        ],
        defaultSubcommand: EnrollmentCommand.self)
}

#if DEBUG
    let buildKind = "debug"
#else
    let buildKind = "release"
#endif

func writeJSON(_ value: some Encodable, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .iso8601
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try encoder.encode(value).write(to: url)
}
