import CLibUSB
import Testing

@Suite("CLibUSB system library")
struct LibUSBTests {
    @Test("links against libusb 1.0 and reports its version")
    func version() throws {
        let version = try #require(libusb_get_version())
        #expect(version.pointee.major == 1)
        #expect(version.pointee.minor == 0)
        #expect(version.pointee.micro >= 20, "libusb older than 1.0.20 lacks the APIs the driver uses")
    }

    @Test("the shim re-exports the API version macro")
    func apiVersion() {
        #expect(clibusb_api_version >= 0x0100_0100)
    }

    @Test("error names come from libusb, not from us")
    func errorNames() {
        #expect(String(cString: libusb_error_name(Int32(LIBUSB_ERROR_TIMEOUT.rawValue))) == "LIBUSB_ERROR_TIMEOUT")
        #expect(String(cString: libusb_error_name(Int32(LIBUSB_ERROR_PIPE.rawValue))) == "LIBUSB_ERROR_PIPE")
    }
}
