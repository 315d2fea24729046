import Glibc

/// Whether libumockdev's LD_PRELOAD library is in this process: umockdev testbeds only intercept device
/// access when it is.
public enum UMockdevPreload {
    /// True when LD_PRELOAD names libumockdev-preload and the library is mapped into this process.
    public static let isLoaded: Bool = {
        guard let preload = getenv("LD_PRELOAD").map({ String(cString: $0) }),
            preload.contains("libumockdev-preload")
        else { return false }
        return processMaps().contains("libumockdev-preload")
    }()

    /// /proc/self/maps, read in chunks (procfs files report size 0, so whole-file reads see nothing).
    private static func processMaps() -> String {
        guard let file = fopen("/proc/self/maps", "r") else { return "" }
        defer { fclose(file) }
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            text += chunk.prefix(count)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
