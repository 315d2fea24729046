import DeviceSetup
import Foundation
import Testing

@Suite("attendctl fingerprint: link options and library pages")
struct FingerprintToolSettingsTests {
    private func configSection(_ fingerprint: String) throws -> DaemonConfig.Fingerprint {
        try DaemonConfig.parse(
            Data(#"{"cloud": {"sn": "SN1", "secret_no": "k"}, "fingerprint": \#(fingerprint)}"#.utf8)
        ).fingerprint
    }

    @Test("--link takes every config link form")
    func linkForms() throws {
        let cases: [(String, DaemonConfig.FingerprintLink)] = [
            ("none", .none), ("unix:/run/fp.sock", .unixSocket(path: "/run/fp.sock")),
            ("usb", .usb(vendor: nil, product: nil)),
            ("usb:1a86:7523", .usb(vendor: 0x1A86, product: 0x7523)), ("tty:/dev/pts/3", .tty(path: "/dev/pts/3")),
        ]
        for (text, link) in cases {
            #expect(try FingerprintToolSettings.resolve(base: nil, link: text, baud: nil).link == link, "\(text)")
        }
    }

    @Test("without a config the daemon's defaults apply")
    func defaults() throws {
        let settings = try FingerprintToolSettings.resolve(base: nil, link: "usb", baud: nil)
        #expect(settings.address == 0xFFFF_FFFF)
        #expect(settings.password == 0)
        #expect(settings.baud == 57600)
        #expect(settings.usbDevices.isEmpty)
        #expect(
            try FingerprintToolSettings.resolve(base: nil, link: nil, baud: nil) == FingerprintToolSettings.defaults)
    }

    @Test("options override the config section and keep the rest")
    func overrides() throws {
        let base = try configSection(
            #"{"link": "tty:/dev/ttyS1", "baud": 115200, "address": "12345678", "usb_devices": ["1234:5678=native"]}"#)
        let kept = try FingerprintToolSettings.resolve(base: base, link: nil, baud: nil)
        #expect(kept == base)
        let changed = try FingerprintToolSettings.resolve(
            base: base, link: "usb", baud: 19200, extraUSBDevices: ["abcd:0001=ch34x"])
        #expect(changed.link == .usb(vendor: nil, product: nil))
        #expect(changed.baud == 19200)
        #expect(changed.address == 0x1234_5678)
        #expect(changed.usbDevices == ["1234:5678=native", "abcd:0001=ch34x"])
    }

    @Test("malformed options name the option and what was expected")
    func malformed() {
        let link = configError { _ = try FingerprintToolSettings.resolve(base: nil, link: "usb:1a86", baud: nil) }
        #expect(link?.key == "--link")
        #expect(link?.got == #""usb:1a86""#)
        #expect(link?.description.contains("usb:VVVV:PPPP") == true)

        let baud = configError { _ = try FingerprintToolSettings.resolve(base: nil, link: nil, baud: 12345) }
        #expect(baud?.key == "--baud")
        #expect(baud?.got == "12345")
        #expect(
            configError { _ = try FingerprintToolSettings.resolve(base: nil, link: nil, baud: 124_800) }?.key
                == "--baud")

        let device = configError {
            _ = try FingerprintToolSettings.resolve(
                base: nil, link: nil, baud: nil, extraUSBDevices: ["1a86:7523=serial"])
        }
        #expect(device?.key == "--usb-device[0]")
    }

    @Test("library pages must lie inside the size ReadSysPara reports")
    func pages() throws {
        try FingerprintToolSettings.checkPages(0, librarySize: 300)
        try FingerprintToolSettings.checkPages(299, librarySize: 300)
        try FingerprintToolSettings.checkPages(290, count: 10, librarySize: 300)

        let past = configError { try FingerprintToolSettings.checkPages(300, librarySize: 300) }
        #expect(past?.key == "--slot")
        #expect(past?.expected.contains("0-299") == true)
        #expect(past?.got == "300")
        #expect(configError { try FingerprintToolSettings.checkPages(-1, librarySize: 300) }?.key == "--slot")

        let tooMany = configError { try FingerprintToolSettings.checkPages(290, count: 11, librarySize: 300) }
        #expect(tooMany?.key == "--count")
        #expect(tooMany?.expected.contains("1-10") == true)
        #expect(configError { try FingerprintToolSettings.checkPages(3, count: 0, librarySize: 300) }?.key == "--count")
        // A count near Int.max is refused, not an overflow trap in `page + count`.
        #expect(
            configError { try FingerprintToolSettings.checkPages(3, count: .max, librarySize: 300) }?.key == "--count")

        #expect(configError { try FingerprintToolSettings.checkPages(0, librarySize: 0) }?.key == "--slot")
    }
}
