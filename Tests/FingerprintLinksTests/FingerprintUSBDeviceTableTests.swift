import FingerprintLinks
import Testing
import USBHost

@Suite("FingerprintUSBDeviceTable")
struct FingerprintUSBDeviceTableTests {
    private func device(_ vendor: UInt16, _ product: UInt16, address: UInt8) -> USBDeviceInfo {
        USBDeviceInfo(
            bus: 1, address: address, portPath: [1], id: USBDeviceID(vendor: vendor, product: product), deviceClass: 0)
    }

    @Test("built-in entries cover the native module and the three bridges")
    func builtIns() {
        let table = FingerprintUSBDeviceTable()
        #expect(table.kind(for: USBDeviceID(vendor: 0x1209, product: 0x0001)) == .nativeZFM)
        #expect(table.kind(for: USBDeviceID(vendor: 0x1a86, product: 0x7523)) == .ch34x)
        #expect(table.kind(for: USBDeviceID(vendor: 0x10c4, product: 0xea60)) == .cp210x)
        #expect(table.kind(for: USBDeviceID(vendor: 0x0403, product: 0x6001)) == .ftdi)
        #expect(table.kind(for: USBDeviceID(vendor: 0x1d6b, product: 0x0002)) == nil)
    }

    @Test("configured entries are parsed, added and override built-ins")
    func configuredEntries() throws {
        let table = try FingerprintUSBDeviceTable(configured: [
            "2109:7638=native", " 1a86:5523 = CH34X ", "0403:6001=cp210x",
        ])
        #expect(table.kind(for: USBDeviceID(vendor: 0x2109, product: 0x7638)) == .nativeZFM)
        #expect(table.kind(for: USBDeviceID(vendor: 0x1a86, product: 0x5523)) == .ch34x)
        #expect(table.kind(for: USBDeviceID(vendor: 0x0403, product: 0x6001)) == .cp210x)
    }

    @Test(
        "malformed entries are rejected with an error naming what was wrong",
        arguments: [
            ("1209:0001", FingerprintUSBDeviceTableError.missingKind(entry: "1209:0001")),
            ("12090001=native", .malformedID(entry: "12090001=native", idPart: "12090001")),
            ("1:2:3=native", .malformedID(entry: "1:2:3=native", idPart: "1:2:3")),
            ("12g9:0001=native", .invalidVendor(entry: "12g9:0001=native", field: "12g9")),
            (":0001=native", .invalidVendor(entry: ":0001=native", field: "")),
            ("1209:00001=native", .invalidProduct(entry: "1209:00001=native", field: "00001")),
            ("1209:-1=native", .invalidProduct(entry: "1209:-1=native", field: "-1")),
            ("1209:0001=pl2303", .unknownKind(entry: "1209:0001=pl2303", kind: "pl2303")),
            ("1209:0001=", .unknownKind(entry: "1209:0001=", kind: "")),
        ])
    func badEntries(text: String, expected: FingerprintUSBDeviceTableError) {
        #expect(throws: expected) { try FingerprintUSBDeviceTable(configured: [text]) }
    }

    @Test("error messages name the entry, the field and what was expected")
    func errorMessages() {
        let vendor = FingerprintUSBDeviceTableError.invalidVendor(entry: "zz:1=native", field: "zz").description
        #expect(vendor.contains("zz:1=native") && vendor.contains("vendor id \"zz\"") && vendor.contains("hex"))
        let kind = FingerprintUSBDeviceTableError.unknownKind(entry: "1:1=x", kind: "x").description
        #expect(kind.contains("native, ch34x, cp210x, ftdi"))
    }

    @Test("matching keeps bus order and pairs each known device with its kind")
    func matching() {
        let devices = [
            device(0x1d6b, 0x0002, address: 1), device(0x10c4, 0xea60, address: 2), device(0x1209, 0x0001, address: 3),
        ]
        let matches = FingerprintUSBDeviceTable().matching(devices)
        #expect(matches.map(\.device.address) == [2, 3])
        #expect(matches.map(\.kind) == [.cp210x, .nativeZFM])
    }
}
