import Testing
import USBHost

@Suite("USBDeviceInfo")
struct USBDeviceInfoTests {
    private func device(_ vendor: UInt16, _ product: UInt16, address: UInt8) -> USBDeviceInfo {
        USBDeviceInfo(
            bus: 1, address: address, portPath: [1], id: USBDeviceID(vendor: vendor, product: product), deviceClass: 0)
    }

    @Test("ids and positions print the way lsusb and usbfs spell them")
    func printing() {
        let info = device(0x10c4, 0xea60, address: 12)
        #expect(info.id.description == "10c4:ea60")
        #expect(info.nodePath == "/dev/bus/usb/001/012")
    }
}
