import Foundation

/// Writes `text` to `path` with mode 0600, as the daemon requires of its config and secret files.
public func writePrivateTestFile(_ path: String, _ text: String) throws {
    guard
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    else { throw SpawnedProcessError("cannot write \(path)") }
}
