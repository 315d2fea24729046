import Glibc

/// Whether this process runs under libumockdev's LD_PRELOAD library, which tier-2 tests need.
public enum UMockdevEnvironment {
    /// The command that runs the umockdev tests with the preload library.
    public static let testCommand =
        "swift build --build-tests && LD_PRELOAD=libumockdev-preload.so.0 swift test --skip-build --filter UMockdevTests"

    /// Why umockdev tests are skipped when the preload library is missing.
    public static let skipReason = "needs libumockdev-preload in the process; run: \(testCommand)"

    /// True when libumockdev-preload is mapped into this process (LD_PRELOAD named it and it loaded).
    public static let isPreloaded: Bool = {
        guard let preload = getenv("LD_PRELOAD").map({ String(cString: $0) }),
            preload.contains("libumockdev-preload")
        else { return false }
        return mappedLibraries().contains("libumockdev-preload")
    }()

    /// /proc/self/maps, read in chunks (procfs files report size 0, so whole-file reads see nothing).
    private static func mappedLibraries() -> String {
        guard let file = fopen("/proc/self/maps", "r") else { return "" }
        defer { fclose(file) }
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            text += chunk.prefix(count)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
