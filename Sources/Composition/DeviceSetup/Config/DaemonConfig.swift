import FingerprintLinks
import Foundation
import WeComDevice

/// Everything `attendanced` reads from its one config file (JSON); flags override single keys.
public struct DaemonConfig: Sendable, Equatable {
    public struct Cloud: Sendable, Equatable {
        /// `wss://openhw.work.weixin.qq.com` in production; `ws://` only for a loopback simulator.
        public var endpoint: URL
        public var sn: String
        /// Where the per-device SecretNo burned at the factory (or the model-wide seed key) comes from.
        public var key: DeviceSecretSource
        public var firmwareVersion: String
        public var pingIntervalSeconds: Int
    }

    public struct Capture: Sendable, Equatable {
        public var presses: Int
        public var deadlineSeconds: Int
        public var pollIntervalMilliseconds: Int
    }

    public enum FingerprintLink: Sendable, Equatable, CustomStringConvertible {
        /// No fingerprint sensor: fingerprint pushes fail with 110.
        case none
        /// A ZFM module (or its simulator) behind a Unix-domain stream socket carrying the raw bytes.
        case unixSocket(path: String)
        /// A module on the USB bus through libusb: the first supported device, or one VID:PID.
        case usb(vendor: UInt16?, product: UInt16?)
        /// A module on a serial port (plain UART, or a bridge owned by the kernel's serial driver).
        case tty(path: String)

        /// As written in the config: `none`, `unix:PATH`, `usb`, `usb:VVVV:PPPP` or `tty:PATH`.
        public var description: String {
            switch self {
            case .none: "none"
            case .unixSocket(let path): "unix:\(path)"
            case .usb(let vendor?, let product?): String(format: "usb:%04x:%04x", vendor, product)
            case .usb: "usb"
            case .tty(let path): "tty:\(path)"
            }
        }
    }

    public struct Fingerprint: Sendable, Equatable {
        public var link: FingerprintLink
        public var templates: FingerprintTemplates = .module
        public var address: UInt32
        public var password: UInt32
        /// The module's UART speed (tty links and USB-UART bridges).
        public var baud: Int
        /// Extra USB device-table entries, "vvvv:pppp=kind" (kind: native, ch34x, cp210x, ftdi).
        public var usbDevices: [String]
    }

    /// Baud rates a ZFM module can be set to (9600 × 1…12).
    public static let moduleBauds = (1...12).map { $0 * 9600 }

    public var cloud: Cloud
    public var storePath: String
    public var statusPath: String
    public var fingerprintAlgorithms: [String]
    public var faceAlgorithms: [String]
    public var capture: Capture
    public var fingerprint: Fingerprint
    public var camera: Camera = .disabled
    public var face: Face = .defaults
    public var recognition: Recognition = .defaults

    public static let defaultEndpoint = URL(string: "wss://openhw.work.weixin.qq.com")!
}

extension DaemonConfig {
    /// Loads and validates a config file; every error names the key and what was expected.
    public static func load(path: String) throws -> DaemonConfig {
        try parse(ConfigReader.read(path: path), source: path)
    }

    public static func parse(_ data: Data, source: String = "config") throws -> DaemonConfig {
        let root = try ConfigReader.parse(data, source: source)
        try root.allowOnly([
            "cloud", "store", "algorithms", "capture", "fingerprint", "camera", "face", "recognition",
        ])

        guard let cloud = try root.section("cloud") else {
            throw ConfigError(key: "cloud", expected: "an object with sn and secret_no or seed_secret_no")
        }
        try cloud.allowOnly([
            "endpoint", "sn", "secret_no", "seed_secret_no", "secret_file", "seed_secret_file", "firmware_version",
            "ping_interval_s",
        ])
        let endpoint = try parseEndpoint(try cloud.nonEmptyString("endpoint"), key: cloud.key("endpoint"))
        // The installed skeleton ships "sn": "" for the operator to fill in.
        guard let sn = try cloud.string("sn"), !sn.isEmpty else {
            throw ConfigError(
                key: cloud.key("sn"), expected: "the device serial number (a non-empty string)", isUnfilledSetting: true
            )
        }
        let key = try parseSecret(cloud)

        let store = try root.section("store")
        try store?.allowOnly(["path", "status_path"])
        let storePath = try store?.nonEmptyString("path") ?? "/var/lib/attendanced/terminal.sqlite"
        let statusPath =
            try store?.nonEmptyString("status_path")
            ?? SiblingPath.named("status.json", besides: storePath)

        let algorithms = try root.section("algorithms")
        try algorithms?.allowOnly(["fingerprint", "face"])

        let capture = try root.section("capture")
        try capture?.allowOnly(["presses", "deadline_s", "poll_interval_ms"])

        let fingerprint = try root.section("fingerprint")
        try fingerprint?.allowOnly(["link", "templates", "address", "password", "baud", "usb_devices"])

        var config = DaemonConfig(
            cloud: Cloud(
                endpoint: endpoint,
                sn: sn,
                key: key,
                firmwareVersion: try cloud.nonEmptyString("firmware_version") ?? "1.0.0",
                pingIntervalSeconds: try cloud.int("ping_interval_s", in: 20...40) ?? 30),
            storePath: storePath,
            statusPath: statusPath,
            fingerprintAlgorithms: try algorithms?.strings("fingerprint", maxCount: 5) ?? [
                FingerprintTemplates.module.algorithm
            ],
            faceAlgorithms: try algorithms?.strings("face", maxCount: 5) ?? [],
            capture: Capture(
                presses: try capture?.int("presses", in: 2...5) ?? 3,
                deadlineSeconds: try capture?.int("deadline_s", in: 5...50) ?? 45,
                pollIntervalMilliseconds: try capture?.int("poll_interval_ms", in: 20...1000) ?? 100),
            fingerprint: Fingerprint(
                link: try parseLink(try fingerprint?.nonEmptyString("link"), key: "fingerprint.link"),
                address: try parseHex32(try fingerprint?.nonEmptyString("address"), key: "fingerprint.address")
                    ?? 0xFFFF_FFFF,
                password: try parseHex32(try fingerprint?.nonEmptyString("password"), key: "fingerprint.password") ?? 0,
                baud: try parseBaud(fingerprint, key: "baud") ?? 57600,
                usbDevices: try parseUSBDevices(
                    try fingerprint?.strings("usb_devices", maxCount: 32), key: "fingerprint.usb_devices") ?? []))
        config.camera = try parseCamera(try root.section("camera"))
        config.face = try parseFace(try root.section("face"))
        config.recognition = try parseRecognition(try root.section("recognition"))
        config.fingerprint.templates = try parseTemplates(
            try fingerprint?.nonEmptyString("templates"), key: "fingerprint.templates")
        if try algorithms?.strings("fingerprint", maxCount: 5) == nil {
            config.fingerprintAlgorithms = [config.fingerprint.templates.algorithm]
        }
        return config
    }

    /// At most one of the four ways to give the secret; none leaves it to the environment.
    static func parseSecret(_ cloud: ConfigReader) throws -> DeviceSecretSource {
        var given: [(name: String, source: DeviceSecretSource)] = []
        if let secret = try cloud.nonEmptyString("secret_no") {
            given.append(("secret_no", .config(.secretNo(secret))))
        }
        if let seed = try cloud.nonEmptyString("seed_secret_no") {
            given.append(("seed_secret_no", .config(.seedSecretNo(seed))))
        }
        for (name, seed) in [("secret_file", false), ("seed_secret_file", true)] {
            if let path = try cloud.nonEmptyString(name) {
                given.append((name, .file(path: path, seed: seed, option: cloud.key(name))))
            }
        }
        guard given.count <= 1 else {
            throw ConfigError(
                key: cloud.key(given[1].name),
                expected: "one of secret_no, seed_secret_no, secret_file, seed_secret_file",
                got: given.map(\.name).joined(separator: " and "))
        }
        return given.first?.source ?? .unset
    }

    /// The endpoint, checked and normalised by `CloudEndpoint.parse` (the client's own check).
    static func parseEndpoint(_ text: String?, key: String) throws -> URL {
        guard let text else { return defaultEndpoint }
        do {
            return try CloudEndpoint.parse(text).url
        } catch {
            throw ConfigError(
                key: key, expected: "a wss:// URL (ws:// only to 127.0.0.0/8, [::1] or localhost)",
                got: error.description)
        }
    }

    static func parseLink(_ text: String?, key: String) throws -> FingerprintLink {
        let expected = "\"none\", \"unix:/path/to/socket\", \"usb\", \"usb:VVVV:PPPP\" (hex) or \"tty:/dev/ttyUSB0\""
        guard let text, text != "none" else { return .none }
        if text.hasPrefix("unix:"), text.count > 5 { return .unixSocket(path: String(text.dropFirst(5))) }
        if text.hasPrefix("tty:"), text.count > 4 { return .tty(path: String(text.dropFirst(4))) }
        if text == "usb" || text == "usb:auto" { return .usb(vendor: nil, product: nil) }
        if text.hasPrefix("usb:") {
            let parts = text.dropFirst(4).split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2, parts.allSatisfy({ $0.count == 4 }),
                let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16)
            {
                return .usb(vendor: vendor, product: product)
            }
        }
        throw ConfigError(key: key, expected: expected, got: "\"\(text)\"")
    }

    static func parseBaud(_ section: ConfigReader?, key name: String) throws -> Int? {
        guard let baud = try section?.int(name, in: 9600...115_200) else { return nil }
        guard moduleBauds.contains(baud) else {
            throw ConfigError(
                key: section!.key(name), expected: "a multiple of 9600 up to 115200 (the module's rates)",
                got: "\(baud)")
        }
        return baud
    }

    /// Device-table entries "vvvv:pppp=kind", checked by the USB layer's own parser.
    static func parseUSBDevices(_ entries: [String]?, key: String) throws -> [String]? {
        guard let entries else { return nil }
        for (index, entry) in entries.enumerated() {
            do {
                _ = try FingerprintUSBDeviceTable.parseEntry(entry)
            } catch {
                throw ConfigError(key: "\(key)[\(index)]", expected: "\"vvvv:pppp=kind\"", got: error.description)
            }
        }
        return entries
    }

    static func parseHex32(_ text: String?, key: String) throws -> UInt32? {
        guard let text else { return nil }
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
        guard digits.count <= 8, let value = UInt32(digits, radix: 16) else {
            throw ConfigError(key: key, expected: "a 32-bit hexadecimal number such as FFFFFFFF", got: "\"\(text)\"")
        }
        return value
    }
}
