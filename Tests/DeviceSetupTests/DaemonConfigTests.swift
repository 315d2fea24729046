import Foundation
import Testing

@testable import DeviceSetup

@Suite("attendanced config file")
struct DaemonConfigTests {
    private func parse(_ json: String) throws -> DaemonConfig {
        try DaemonConfig.parse(Data(json.utf8), source: "test.json")
    }

    private func error(_ json: String) -> ConfigError? {
        configError { _ = try parse(json) }
    }

    @Test("a minimal file gets the documented defaults")
    func defaults() throws {
        let config = try parse(#"{"cloud": {"sn": "SN1", "secret_no": "k"}}"#)
        #expect(config.cloud.endpoint == DaemonConfig.defaultEndpoint)
        #expect(config.cloud.key == .config(.secretNo("k")))
        #expect(config.cloud.pingIntervalSeconds == 30)
        #expect(config.capture == .init(presses: 3, deadlineSeconds: 45, pollIntervalMilliseconds: 100))
        #expect(config.fingerprint.link == .none)
        #expect(config.fingerprint.address == 0xFFFF_FFFF)
        #expect(config.statusPath == "/var/lib/attendanced/status.json")
    }

    @Test("every section is read")
    func full() throws {
        let config = try parse(
            #"""
            {"cloud": {"endpoint": "ws://127.0.0.1:9000/", "sn": "SN1", "seed_secret_no": "seed",
                       "firmware_version": "2.1", "ping_interval_s": 20},
             "store": {"path": "/tmp/t.sqlite"},
             "algorithms": {"fingerprint": ["a", "b"], "face": ["f"]},
             "capture": {"presses": 5, "deadline_s": 50, "poll_interval_ms": 50},
             "fingerprint": {"link": "unix:/tmp/fp.sock", "address": "0x12345678", "password": "0"}}
            """#)
        #expect(config.cloud.key == .config(.seedSecretNo("seed")))
        #expect(config.cloud.endpoint.port == 9000)
        #expect(config.statusPath == "/tmp/status.json")
        #expect(config.fingerprintAlgorithms == ["a", "b"])
        #expect(config.capture.presses == 5)
        #expect(config.fingerprint.link == .unixSocket(path: "/tmp/fp.sock"))
        #expect(config.fingerprint.address == 0x1234_5678)
    }

    @Test("bad values name the key and what was expected")
    func badValues() throws {
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k", "ping_interval_s": 50}}"#)
                == ConfigError(key: "cloud.ping_interval_s", expected: "a whole number from 20 to 40", got: "50"))
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "capture": {"presses": true}}"#)
                == ConfigError(key: "capture.presses", expected: "a whole number from 2 to 5", got: "the boolean true"))
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "capture": {"deadline_s": 51}}"#)?.key
                == "capture.deadline_s")
        #expect(try parse(#"{"cloud": {"sn": "S"}}"#).cloud.key == .unset)
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "a", "seed_secret_no": "b"}}"#)
                == ConfigError(
                    key: "cloud.seed_secret_no",
                    expected: "one of secret_no, seed_secret_no, secret_file, seed_secret_file",
                    got: "secret_no and seed_secret_no"))
        #expect(error(#"{"cloud": {"secret_no": "k"}}"#)?.key == "cloud.sn")
        #expect(
            error(
                #"{"cloud": {"sn": "S", "secret_no": "k"}, "algorithms": {"fingerprint": ["a","b","c","d","e","f"]}}"#)?
                .key
                == "algorithms.fingerprint")
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "algorithms": {"face": ["a", 3]}}"#)?.key
                == "algorithms.face[1]")
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "fingerprint": {"link": "usb:"}}"#)?.key
                == "fingerprint.link")
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "fingerprint": {"address": "XYZ"}}"#)?.key
                == "fingerprint.address")
    }

    @Test("fingerprint links: unix socket, USB (any or one VID:PID), serial port; baud and device-table entries")
    func fingerprintLinks() throws {
        func link(_ text: String) throws -> DaemonConfig.FingerprintLink {
            try parse(#"{"cloud": {"sn": "S", "secret_no": "k"}, "fingerprint": {"link": "\#(text)"}}"#).fingerprint
                .link
        }
        #expect(try link("usb") == .usb(vendor: nil, product: nil))
        #expect(try link("usb:auto") == .usb(vendor: nil, product: nil))
        #expect(try link("usb:1a86:7523") == .usb(vendor: 0x1A86, product: 0x7523))
        #expect(try link("tty:/dev/ttyUSB0") == .tty(path: "/dev/ttyUSB0"))
        #expect(try link("usb:1a86:7523").description == "usb:1a86:7523")
        for bad in ["usb:1a86", "usb:xyz1:7523", "usb:1a86:75231", "tty:", "serial:/dev/ttyS0"] {
            #expect(
                error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "fingerprint": {"link": "\#(bad)"}}"#)?.key
                    == "fingerprint.link", "\(bad)")
        }
        let config = try parse(
            #"""
            {"cloud": {"sn": "S", "secret_no": "k"},
             "fingerprint": {"link": "usb", "baud": 115200, "usb_devices": ["2109:7638=native", "1a86:5523=ch34x"]}}
            """#)
        #expect(config.fingerprint.baud == 115_200)
        #expect(config.fingerprint.usbDevices == ["2109:7638=native", "1a86:5523=ch34x"])
        #expect(try parse(#"{"cloud": {"sn": "S", "secret_no": "k"}}"#).fingerprint.baud == 57600)
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "fingerprint": {"baud": 56000}}"#)
                == ConfigError(
                    key: "fingerprint.baud", expected: "a multiple of 9600 up to 115200 (the module's rates)",
                    got: "56000"))
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "fingerprint": {"usb_devices": ["1a86:7523=serial"]}}"#)?
                .key
                == "fingerprint.usb_devices[0]")
    }

    @Test("camera: none by default, auto or a device path, frame size and rate checked")
    func camera() throws {
        #expect(try parse(#"{"cloud": {"sn": "S", "secret_no": "k"}}"#).camera == .disabled)
        let config = try parse(
            #"""
            {"cloud": {"sn": "S", "secret_no": "k"},
             "camera": {"device": "/dev/attendance-camera", "width": 1280, "height": 720, "fps": 15}}
            """#)
        #expect(
            config.camera
                == .init(device: .path("/dev/attendance-camera"), width: 1280, height: 720, framesPerSecond: 15))
        #expect(
            try parse(#"{"cloud": {"sn": "S", "secret_no": "k"}, "camera": {"device": "auto"}}"#).camera.device == .auto
        )
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "camera": {"device": "video0"}}"#)
                == ConfigError(
                    key: "camera.device",
                    expected: "\"none\", \"auto\" or an absolute device path such as \"/dev/video0\"",
                    got: "\"video0\""))
        #expect(error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "camera": {"fps": 120}}"#)?.key == "camera.fps")
        #expect(error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "camera": {"width": 20}}"#)?.key == "camera.width")
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "camera": {"path": "/dev/video0"}}"#)?.key == "camera.path"
        )
        var flags = ConfigOverrides()
        flags.cameraDevice = "/dev/video2"
        #expect(try flags.apply(to: config).camera.device == .path("/dev/video2"))
        flags.cameraDevice = "relative"
        #expect(throws: ConfigError.self) { try flags.apply(to: config) }
    }

    @Test("plain ws:// is refused for anything but loopback")
    func endpoints() {
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k", "endpoint": "ws://openhw.work.weixin.qq.com"}}"#)?.key
                == "cloud.endpoint")
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k", "endpoint": "http://127.0.0.1"}}"#)?.key == "cloud.endpoint"
        )
        #expect(error(#"{"cloud": {"sn": "S", "secret_no": "k", "endpoint": "ws://localhost:1"}}"#) == nil)
    }

    @Test("unknown keys and malformed files are errors, not silent defaults")
    func unknownKeysAndSyntax() {
        #expect(error(#"{"cloud": {"sn": "S", "secret_no": "k", "pingInterval": 30}}"#)?.key == "cloud.pingInterval")
        #expect(error(#"{"clod": {}}"#)?.key == "clod")
        #expect(error(#"{"cloud": "#)?.expected == "valid JSON")
        #expect(error(#"[1, 2]"#)?.expected == "a JSON object at the top level")
    }

    @Test("flags override single keys and are validated")
    func overrides() throws {
        let base = try parse(#"{"cloud": {"sn": "S", "secret_no": "k"}}"#)
        var flags = ConfigOverrides()
        flags.endpoint = "ws://127.0.0.1:1234"
        flags.storePath = "/tmp/x.sqlite"
        flags.fingerprintLink = "unix:/tmp/s"
        let config = try flags.apply(to: base)
        #expect(config.cloud.endpoint.port == 1234)
        #expect(config.storePath == "/tmp/x.sqlite")
        #expect(config.fingerprint.link == .unixSocket(path: "/tmp/s"))
        flags.captureDeadlineSeconds = 60
        #expect(throws: ConfigError.self) { try flags.apply(to: base) }
    }
}
