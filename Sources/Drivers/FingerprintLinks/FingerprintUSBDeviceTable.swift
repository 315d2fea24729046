import USBHost

/// Maps VID:PID to how the device carries a fingerprint module: built-in entries plus configured ones.
public typealias FingerprintUSBDeviceTable = USBDeviceTable<FingerprintUSBLinkKind>

extension USBDeviceTable where Kind == FingerprintUSBLinkKind {
    /// The entries every table starts with.
    public static var builtInEntries: [USBDeviceID: FingerprintUSBLinkKind] {
        [
            USBDeviceID(vendor: 0x1209, product: 0x0001): .nativeZFM,  // pid.codes test id (our simulator)
            USBDeviceID(vendor: 0x1a86, product: 0x7523): .ch34x,  // WCH CH340/CH341
            USBDeviceID(vendor: 0x10c4, product: 0xea60): .cp210x,  // Silicon Labs CP210x
            USBDeviceID(vendor: 0x0403, product: 0x6001): .ftdi,  // FTDI FT232R
        ]
    }

    /// The built-in table.
    public init() {
        self.init(entries: Self.builtInEntries)
    }

    /// The built-in table plus configured "vvvv:pppp=kind" entries (kinds: native, ch34x, cp210x, ftdi);
    /// configured entries override built-in ones.
    public init(configured: [String]) throws(FingerprintUSBDeviceTableError) {
        self.init()
        for text in configured {
            let (id, kind) = try Self.parseEntry(text)
            add(id, as: kind)
        }
    }

    /// Parses one "vvvv:pppp=kind" entry (surrounding spaces allowed).
    public static func parseEntry(
        _ text: String
    ) throws(FingerprintUSBDeviceTableError) -> (USBDeviceID, FingerprintUSBLinkKind) {
        let entry = text.trimmingSpaces()
        let halves = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2 else { throw .missingKind(entry: entry) }
        let idPart = String(halves[0]).trimmingSpaces()
        let kindPart = String(halves[1]).trimmingSpaces()
        let numbers = idPart.split(separator: ":", omittingEmptySubsequences: false)
        guard numbers.count == 2 else { throw .malformedID(entry: entry, idPart: idPart) }
        guard let vendor = parseHex16(numbers[0]) else {
            throw .invalidVendor(entry: entry, field: String(numbers[0]))
        }
        guard let product = parseHex16(numbers[1]) else {
            throw .invalidProduct(entry: entry, field: String(numbers[1]))
        }
        guard let kind = FingerprintUSBLinkKind(rawValue: kindPart.lowercased()) else {
            throw .unknownKind(entry: entry, kind: kindPart)
        }
        return (USBDeviceID(vendor: vendor, product: product), kind)
    }

    private static func parseHex16(_ field: Substring) -> UInt16? {
        guard (1...4).contains(field.count), field.allSatisfy(\.isHexDigit) else { return nil }
        return UInt16(field, radix: 16)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
