import Glibc
import SystemSupport

/// Blocking file I/O on configfs, sysfs and FunctionFS files, each error naming the file.
enum GadgetFile {
    /// Writes `text` to an attribute file (configfs, sysfs) in one write.
    static func write(_ text: String, to path: String) throws(GadgetError) {
        let fd = try open(path, flags: O_WRONLY)
        defer { close(fd) }
        try writeAll(Array(text.utf8), to: fd, path: path)
    }

    /// Writes every byte of `bytes` to `fd` (one write call for a FunctionFS blob: it must arrive whole).
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(GadgetError) {
        let result = bytes.withUnsafeBytes { buffer in
            retryingOnInterrupt { Glibc.write(fd, buffer.baseAddress, buffer.count) }
        }
        switch result {
        case .success(let count) where count == bytes.count: return
        case .success(let count): throw GadgetError("write \(path): wrote \(count) of \(bytes.count) bytes")
        case .failure(let error): throw .system("write", path, error)
        }
    }

    /// Opens `path`.
    static func open(_ path: String, flags: Int32) throws(GadgetError) -> Int32 {
        switch retryingOnInterrupt({ Glibc.open(path, flags | O_CLOEXEC) }) {
        case .success(let fd): return fd
        case .failure(let error): throw .system("open", path, error)
        }
    }

    /// Creates directory `path` (an existing one is fine).
    static func makeDirectory(_ path: String) throws(GadgetError) {
        guard mkdir(path, 0o755) != 0 else { return }
        let error = SystemCallError(code: errno)
        guard error.code != EEXIST else { return }
        throw .system("mkdir", path, error)
    }

    /// Whether `path` exists.
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The names in directory `path`, sorted; empty when it cannot be read.
    static func list(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
