#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A node found by discovery: where it is and what it reported.
public struct V4L2DeviceInfo: Sendable, Hashable {
    public let path: String
    public let capabilities: V4L2Capabilities
}

/// The outcome of scanning for cameras: usable capture devices and why every other node was skipped.
public struct V4L2Discovery: Sendable, Hashable {
    /// Nodes that capture single-planar video with streaming I/O, in path order.
    public var devices: [V4L2DeviceInfo] = []
    /// Nodes that could not be opened or queried, or are not capture devices (metadata nodes, M2M, …).
    public var rejected: [String: V4L2Error] = [:]
}

extension V4L2Device {
    /// Scans `directory` for `video<N>` nodes plus `extraPaths`, opens each and keeps the streaming
    /// video-capture ones. A missing or unreadable directory yields an empty result, never a crash.
    public static func discover(in directory: String = "/dev", extraPaths: [String] = []) -> V4L2Discovery {
        var result = V4L2Discovery()
        var seen = Set<String>()
        for path in videoNodePaths(in: directory) + extraPaths where seen.insert(path).inserted {
            do throws(V4L2Error) {
                let device = try V4L2Device(path: path)
                defer { device.close() }
                let capabilities = try device.capabilities()
                guard capabilities.isVideoCapture else {
                    throw .notACaptureDevice(path: path, reason: "no V4L2_CAP_VIDEO_CAPTURE")
                }
                guard capabilities.supportsStreaming else {
                    throw .notACaptureDevice(path: path, reason: "no V4L2_CAP_STREAMING")
                }
                result.devices.append(V4L2DeviceInfo(path: path, capabilities: capabilities))
            } catch {
                result.rejected[path] = error
            }
        }
        return result
    }

    /// `directory/videoN` entries sorted by N.
    static func videoNodePaths(in directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var numbered: [(Int, String)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix("video"), let number = Int(name.dropFirst(5)), number >= 0 else { continue }
            let separator = directory.hasSuffix("/") ? "" : "/"
            numbered.append((number, directory + separator + name))
        }
        return numbered.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
