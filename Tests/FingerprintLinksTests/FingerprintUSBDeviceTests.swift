import Foundation
import Testing
import USBHost

@testable import FingerprintLinks

@Suite("FingerprintUSBDevice")
struct FingerprintUSBDeviceTests {
    @Test("finding a module with no matching device names what is present")
    func noMatchingModule() async throws {
        let context = try USBContext()
        do {
            _ = try await FingerprintUSBDevice.open(context: context)
            Issue.record("no module is attached on this machine")
        } catch {
            switch error {
            case .noMatchingDevice(let present): #expect(FingerprintUSBDeviceTable().matching(present).isEmpty)
            case .usb(let cause, _): #expect(cause != .closed)
            case .bridge: Issue.record("unexpected \(error)")
            }
        }
        await context.shutdown()
    }

    @Test("descriptions and preference order")
    func descriptionsAndPreference() {
        let native = USBDeviceInfo(
            bus: 1, address: 2, portPath: [1], id: USBDeviceID(vendor: 0x1209, product: 0x0001), deviceClass: 0xFF)
        let bridge = USBDeviceInfo(
            bus: 1, address: 3, portPath: [2], id: USBDeviceID(vendor: 0x1a86, product: 0x7523), deviceClass: 0xFF)
        #expect(FingerprintUSBDevice.describe(bridge, kind: .ch34x) == "ZFM module behind CH340 at bus 1 address 3")
        #expect(FingerprintUSBDevice.describe(native, kind: .nativeZFM) == "native ZFM module at bus 1 address 2")
        let matches = FingerprintUSBDeviceTable().matching([native, bridge])
        #expect(
            FingerprintUSBDevice.orderedCandidates(matches, preferring: .ch34x).map(\.kind) == [.ch34x, .nativeZFM])
        #expect(FingerprintUSBDevice.orderedCandidates(matches, preferring: nil).map(\.kind) == [.nativeZFM, .ch34x])
    }
}
