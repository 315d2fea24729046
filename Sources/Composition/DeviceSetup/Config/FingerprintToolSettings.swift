import USBHost

/// How an operator tool (`attendctl fingerprint …`) reaches the module: the daemon config's
/// fingerprint section, with command-line overrides in the config's own syntax.
public enum FingerprintToolSettings {
    /// The fingerprint section a config without one would have (link none, address FFFFFFFF, 57600 baud).
    public static let defaults = DaemonConfig.Fingerprint(
        link: .none, address: 0xFFFF_FFFF, password: 0, baud: 57600, usbDevices: [])

    /// `base` (the config's section, or `defaults`) with `link` ("none", "unix:PATH", "usb",
    /// "usb:VVVV:PPPP", "tty:PATH"), `baud` and extra device-table entries applied; throws a
    /// `ConfigError` naming the option when one is malformed.
    public static func resolve(
        base: DaemonConfig.Fingerprint?, link: String?, baud: Int?, extraUSBDevices: [String] = []
    ) throws -> DaemonConfig.Fingerprint {
        var settings = base ?? defaults
        if let link {
            settings.link = try DaemonConfig.parseLink(link, key: "--link")
        }
        if let baud {
            guard DaemonConfig.moduleBauds.contains(baud) else {
                throw ConfigError(
                    key: "--baud", expected: "a multiple of 9600 up to 115200 (the module's rates)", got: "\(baud)")
            }
            settings.baud = baud
        }
        settings.usbDevices += try DaemonConfig.parseUSBDevices(extraUSBDevices, key: "--usb-device") ?? []
        return settings
    }

    /// Checks that library pages `page ..< page + count` exist on a module whose ReadSysPara reports
    /// `librarySize` pages; the error names the option and the valid range.
    public static func checkPages(_ page: Int, count: Int = 1, librarySize: Int, option: String = "--slot") throws {
        guard librarySize > 0 else {
            throw ConfigError(key: option, expected: "a page of the module's library, but its library size is 0")
        }
        guard (0..<librarySize).contains(page) else {
            throw ConfigError(
                key: option,
                expected: "a library page 0-\(librarySize - 1) (library size \(librarySize) from ReadSysPara)",
                got: "\(page)")
        }
        guard count >= 1, count <= librarySize - page else {
            throw ConfigError(
                key: "--count",
                expected: "1-\(librarySize - page) pages from page \(page) (library size \(librarySize))",
                got: "\(count)")
        }
    }
}
