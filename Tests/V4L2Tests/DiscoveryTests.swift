import Glibc
import Testing

@testable import V4L2

@Suite struct DiscoveryTests {
    /// A fresh directory under /tmp, removed by `remove()`.
    struct TemporaryDirectory {
        let path: String
        init() throws {
            // mkdtemp template
            var template = Array(("/tmp/v4l2-tests-" + String(repeating: "X", count: 6)).utf8CString)
            let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            path = String(cString: try #require(made))
        }
        func touch(_ name: String) {
            let fd = open(path + "/" + name, O_CREAT | O_WRONLY, 0o600)
            if fd >= 0 { close(fd) }
        }
        func remove() {
            if let stream = opendir(path) {
                while let entry = readdir(stream) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) {
                        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                    }
                    if name != "." && name != ".." { unlink(path + "/" + name) }
                }
                closedir(stream)
            }
            rmdir(path)
        }
    }

    @Test func thisMachineWithoutVideoNodesDiscoversNothing() throws {
        try #require(V4L2Device.videoNodePaths(in: "/dev").isEmpty, "this machine has /dev/video* nodes")
        let discovery = V4L2Device.discover()
        #expect(discovery.devices.isEmpty)
        #expect(discovery.rejected.isEmpty)
    }

    @Test func missingDirectoryDiscoversNothing() {
        #expect(V4L2Device.discover(in: "/nonexistent/v4l2-tests") == V4L2Discovery())
    }

    @Test func regularFileOpensButFailsQueryCapWithTypedError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        directory.touch("video0")
        let device = try V4L2Device(path: directory.path + "/video0")
        defer { device.close() }
        #expect(throws: V4L2Error.notAV4L2Ioctl(operation: "VIDIOC_QUERYCAP")) { try device.capabilities() }
    }

    @Test func discoveryRejectsRegularFileWithReason() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        directory.touch("video0")
        let discovery = V4L2Device.discover(in: directory.path)
        #expect(discovery.devices.isEmpty)
        #expect(discovery.rejected == [directory.path + "/video0": .notAV4L2Ioctl(operation: "VIDIOC_QUERYCAP")])
    }

    @Test func extraPathsAreScannedAndMissingOnesReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = directory.path + "/camera-not-here"
        let discovery = V4L2Device.discover(in: directory.path, extraPaths: [missing])
        #expect(discovery.devices.isEmpty)
        #expect(discovery.rejected == [missing: .notFound(path: missing)])
    }

    @Test func onlyNumberedVideoNodesInNumericOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for name in ["video10", "video2", "video0", "videoX", "video-1x", "media0", "vbi0"] { directory.touch(name) }
        #expect(
            V4L2Device.videoNodePaths(in: directory.path)
                == ["video0", "video2", "video10"].map { directory.path + "/" + $0 })
    }

    @Test func closedDeviceRefusesIoctls() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        directory.touch("video0")
        let device = try V4L2Device(path: directory.path + "/video0")
        device.close()
        device.close()
        #expect(device.isClosed)
        #expect(throws: V4L2Error.closed(path: directory.path + "/video0")) { try device.format() }
    }

    @Test(.enabled(if: geteuid() != 0, "root bypasses file permissions"))
    func unreadableNodeIsPermissionDenied() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        directory.touch("video0")
        chmod(directory.path + "/video0", 0)
        #expect(throws: V4L2Error.permissionDenied(path: directory.path + "/video0")) {
            try V4L2Device(path: directory.path + "/video0")
        }
    }
}
