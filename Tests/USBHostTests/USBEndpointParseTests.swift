import CLibUSB
import Testing

@testable import USBHost

/// Configuration descriptors as libusb hands them over, built by hand: the counts and sizes in them come
/// from the device.
@Suite("USB endpoint descriptors")
struct USBEndpointParseTests {
    /// (bEndpointAddress, bmAttributes, wMaxPacketSize)
    typealias Endpoint = (address: UInt8, attributes: UInt8, maxPacketSize: UInt16)
    static let bulk: UInt8 = 0x02
    static let interrupt: UInt8 = 0x03
    static let isochronous: UInt8 = 0x01

    /// Parses interface `wanted` of a configuration with one interface (number 0) holding `endpoints`;
    /// `claimedEndpoints` overrides bNumEndpoints and `withoutArray` leaves the endpoint array out.
    static func parse(
        _ endpoints: [Endpoint], wanted: UInt8 = 0, claimedEndpoints: UInt8? = nil, withoutArray: Bool = false
    ) throws(USBError) -> USBEndpoints? {
        let descriptors = endpoints.map { endpoint in
            var descriptor = libusb_endpoint_descriptor()
            descriptor.bEndpointAddress = endpoint.address
            descriptor.bmAttributes = endpoint.attributes
            descriptor.wMaxPacketSize = endpoint.maxPacketSize
            return descriptor
        }
        let result: Result<USBEndpoints?, USBError> = descriptors.withUnsafeBufferPointer { array in
            var setting = libusb_interface_descriptor()
            setting.bInterfaceNumber = 0
            setting.bNumEndpoints = claimedEndpoints ?? UInt8(endpoints.count)
            setting.endpoint = withoutArray ? nil : array.baseAddress
            return withUnsafePointer(to: setting) { setting in
                var interface = libusb_interface()
                interface.altsetting = setting
                interface.num_altsetting = 1
                return withUnsafePointer(to: interface) { interface in
                    var config = libusb_config_descriptor()
                    config.bNumInterfaces = 1
                    config.interface = interface
                    return withUnsafePointer(to: config) { config in
                        Result { () throws(USBError) -> USBEndpoints? in
                            try USBEndpoints.parse(config, interfaceNumber: wanted)
                        }
                    }
                }
            }
        }
        return try result.get()
    }

    @Test("the first bulk IN, bulk OUT and interrupt IN are taken; the high-bandwidth bits are masked off")
    func firstOfEachKind() throws {
        let found = try Self.parse([
            (0x81, Self.bulk, 0x1A00), (0x02, Self.bulk, 64), (0x83, Self.interrupt, 8), (0x84, Self.bulk, 64),
        ])
        #expect(found?.bulkIn == USBEndpoint(address: 0x81, maxPacketSize: 512))
        #expect(found?.bulkOut == USBEndpoint(address: 0x02, maxPacketSize: 64))
        #expect(found?.interruptIn == USBEndpoint(address: 0x83, maxPacketSize: 8))
        #expect(try Self.parse([(0x81, Self.bulk, 64)], wanted: 1) == nil, "no interface 1")
    }

    @Test("a used endpoint reporting wMaxPacketSize 0 or above 1024 is an unsupported device, named")
    func impossiblePacketSizes() throws {
        for size: UInt16 in [0, 1025, 0x7FF, 0xF800] {
            #expect(
                throws: USBError.unsupportedDevice(
                    "endpoint 0x81 of interface 0 reports wMaxPacketSize \(Int(size & 0x7FF)), expected 1-1024")
            ) {
                try Self.parse([(0x81, Self.bulk, size), (0x02, Self.bulk, 64)])
            }
        }
        // Endpoints the drivers do not use may say what they like.
        let found = try Self.parse([(0x85, Self.isochronous, 0), (0x81, Self.bulk, 64), (0x86, Self.bulk, 0)])
        #expect(found?.bulkIn == USBEndpoint(address: 0x81, maxPacketSize: 64))
    }

    @Test("counts without the arrays they count are malformed descriptors, not a crash")
    func countsWithoutArrays() throws {
        #expect(throws: USBError.unsupportedDevice("the descriptor counts 3 endpoints of interface 0 but has none")) {
            try Self.parse([], claimedEndpoints: 3, withoutArray: true)
        }
        #expect(try Self.parse([], claimedEndpoints: 0, withoutArray: true) == USBEndpoints())
    }

    @Test("a transfer's reported length is clamped to its buffer and an impossible one flagged")
    func receivedCount() {
        #expect(USBTransfer.receivedCount(reported: 64, capacity: 512) == (64, true))
        #expect(USBTransfer.receivedCount(reported: 512, capacity: 512) == (512, true))
        #expect(USBTransfer.receivedCount(reported: 513, capacity: 512) == (512, false))
        #expect(USBTransfer.receivedCount(reported: Int32.max, capacity: 8) == (8, false))
        #expect(USBTransfer.receivedCount(reported: -1, capacity: 8) == (0, false))
    }
}
