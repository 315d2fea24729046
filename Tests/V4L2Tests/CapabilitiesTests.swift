import CV4L2
import Testing

@testable import V4L2

@Suite struct CapabilitiesTests {
    static func raw(capabilities: UInt32, deviceCaps: UInt32, driver: String = "uvcvideo") -> v4l2_capability {
        var raw = v4l2_capability()
        withUnsafeMutableBytes(of: &raw.driver) { bytes in
            for (index, byte) in driver.utf8.prefix(bytes.count).enumerated() { bytes[index] = byte }
        }
        withUnsafeMutableBytes(of: &raw.card) { bytes in
            for (index, byte) in "HD Webcam".utf8.enumerated() { bytes[index] = byte }
        }
        raw.version = 6 << 16 | 1 << 8 | 15
        raw.capabilities = capabilities
        raw.device_caps = deviceCaps
        return raw
    }

    static let capture = UInt32(V4L2_CAP_VIDEO_CAPTURE)
    static let streaming = UInt32(V4L2_CAP_STREAMING)
    static let deviceCaps = UInt32(V4L2_CAP_DEVICE_CAPS)
    static let metadata = UInt32(V4L2_CAP_META_CAPTURE)

    @Test func usesDeviceCapsWhenFlagged() {
        // A UVC metadata node: the physical device captures video, this node only metadata.
        let parsed = V4L2Capabilities(
            Self.raw(
                capabilities: Self.capture | Self.metadata | Self.streaming | Self.deviceCaps,
                deviceCaps: Self.metadata | Self.streaming))
        #expect(!parsed.isVideoCapture)
        #expect(parsed.supportsStreaming)
    }

    @Test func fallsBackToCapabilitiesWithoutDeviceCaps() {
        let parsed = V4L2Capabilities(Self.raw(capabilities: Self.capture | Self.streaming, deviceCaps: 0))
        #expect(parsed.isVideoCapture)
        #expect(parsed.supportsStreaming)
    }

    @Test func decodesStringsAndVersion() {
        let parsed = V4L2Capabilities(Self.raw(capabilities: Self.capture, deviceCaps: 0))
        #expect(parsed.driver == "uvcvideo")
        #expect(parsed.card == "HD Webcam")
        #expect(parsed.versionString == "6.1.15")
        #expect(!parsed.supportsStreaming)
    }

    @Test func unterminatedDriverFieldStopsAtItsEnd() {
        let parsed = V4L2Capabilities(
            Self.raw(capabilities: 0, deviceCaps: 0, driver: String(repeating: "x", count: 40)))
        #expect(parsed.driver == String(repeating: "x", count: 16))
    }
}
