import FingerprintModule
import Glibc

/// A UART speed a ZFM module runs at that termios has a constant for (9600 × 1, 2, 4, 6 or 12).
public enum TTYBaudRate: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case b9600 = 9600
    case b19200 = 19200
    case b38400 = 38400
    case b57600 = 57600
    case b115200 = 115200

    /// The module's factory speed.
    public static let moduleDefault = TTYBaudRate.b57600

    /// The speed for `bitsPerSecond`; throws naming the supported speeds.
    public init(bitsPerSecond: Int) throws(ByteLinkError) {
        guard let rate = TTYBaudRate(rawValue: bitsPerSecond) else { throw .io(Self.unsupported(bitsPerSecond)) }
        self = rate
    }

    /// "baud rate: expected 9600, … or 115200 bits/s, got N".
    static func unsupported(_ bitsPerSecond: Int) -> String {
        "baud rate: expected \(supportedList) bits/s, got \(bitsPerSecond)"
    }

    /// Bits per second.
    public var bitsPerSecond: Int { rawValue }

    /// The termios speed constant (`B57600` …).
    public var speed: speed_t {
        switch self {
        case .b9600: speed_t(B9600)
        case .b19200: speed_t(B19200)
        case .b38400: speed_t(B38400)
        case .b57600: speed_t(B57600)
        case .b115200: speed_t(B115200)
        }
    }

    public var description: String { "\(rawValue) baud" }

    /// Bits per second of any termios speed constant a terminal may be set to; nil for B0 (hang up)
    /// and unknown constants.
    public static func bitsPerSecond(of speed: speed_t) -> Int? {
        termiosSpeeds.first { $0.speed == speed }?.bitsPerSecond
    }

    static var supportedList: String {
        let names = allCases.map { String($0.rawValue) }
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }

    private static let termiosSpeeds: [(speed: speed_t, bitsPerSecond: Int)] = [
        (speed_t(B50), 50), (speed_t(B75), 75), (speed_t(B110), 110), (speed_t(B134), 134),
        (speed_t(B150), 150), (speed_t(B200), 200), (speed_t(B300), 300), (speed_t(B600), 600),
        (speed_t(B1200), 1200), (speed_t(B1800), 1800), (speed_t(B2400), 2400), (speed_t(B4800), 4800),
        (speed_t(B9600), 9600), (speed_t(B19200), 19200), (speed_t(B38400), 38400),
        (speed_t(B57600), 57600), (speed_t(B115200), 115200), (speed_t(B230400), 230400),
        (speed_t(B460800), 460800), (speed_t(B500000), 500000), (speed_t(B576000), 576000),
        (speed_t(B921600), 921600), (speed_t(B1000000), 1000000), (speed_t(B1152000), 1152000),
        (speed_t(B1500000), 1500000), (speed_t(B2000000), 2000000),
    ]
}
