import Foundation

/// The package's executables, built beside the test bundle (`swift build` builds them with the tests).
public enum DaemonBinaries {
    public static var directory: String {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // The test binary may sit inside a bundle folder (…/X.xctest/…): look up to the build folder.
        while folder.path != "/",
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("attendanced").path)
        {
            folder = folder.deletingLastPathComponent()
        }
        return folder.path
    }

    public static func path(_ name: String) -> String { directory + "/" + name }

    public static func present(_ names: String...) -> Bool {
        names.allSatisfy { FileManager.default.isExecutableFile(atPath: path($0)) }
    }
}
