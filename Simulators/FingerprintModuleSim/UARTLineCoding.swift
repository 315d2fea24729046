/// Parity of a UART frame.
public enum UARTParity: Sendable, Hashable {
    case none, odd, even, mark, space
}

/// Stop bits of a UART frame.
public enum UARTStopBits: Sendable, Hashable {
    case one, onePointFive, two

    /// Length in half-bit units.
    var halfBits: Int {
        switch self {
        case .one: 2
        case .onePointFive: 3
        case .two: 4
        }
    }
}

/// Baud rate and frame format of one side of a UART link (what a bridge was configured to).
public struct UARTLineCoding: Sendable, Hashable, CustomStringConvertible {
    /// Bits per second.
    public var baudRate: Int
    /// 5-8.
    public var dataBits: Int
    /// Parity bit, if any.
    public var parity: UARTParity
    /// Stop bits.
    public var stopBits: UARTStopBits

    /// A line coding.
    public init(baudRate: Int, dataBits: Int = 8, parity: UARTParity = .none, stopBits: UARTStopBits = .one) {
        self.baudRate = baudRate
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
    }

    /// `baud` 8N1, the ZFM module's only frame format.
    public static func eightNoneOne(_ baud: Int) -> UARTLineCoding {
        UARTLineCoding(baudRate: baud)
    }

    /// True when a receiver using `other` decodes this transmitter's frames exactly: same format and
    /// baud rates within 2% (what real UART sampling tolerates over a 10-bit frame).
    public func isCompatible(with other: UARTLineCoding) -> Bool {
        guard dataBits == other.dataBits, parity == other.parity, baudRate > 0, other.baudRate > 0 else {
            return false
        }
        let ratio = Double(baudRate) / Double(other.baudRate)
        return abs(ratio - 1) <= 0.02
    }

    public var description: String {
        let parityLetter: String
        switch parity {
        case .none: parityLetter = "N"
        case .odd: parityLetter = "O"
        case .even: parityLetter = "E"
        case .mark: parityLetter = "M"
        case .space: parityLetter = "S"
        }
        let stop: String
        switch stopBits {
        case .one: stop = "1"
        case .onePointFive: stop = "1.5"
        case .two: stop = "2"
        }
        return "\(baudRate) \(dataBits)\(parityLetter)\(stop)"
    }
}
