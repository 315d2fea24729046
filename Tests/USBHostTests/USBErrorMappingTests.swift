import CLibUSB
import Testing

@testable import USBHost

@Suite("USBError mapping")
struct USBErrorMappingTests {
    @Test(
        "every libusb error code maps to its typed error",
        arguments: [
            (LIBUSB_ERROR_IO, USBError.io),
            (LIBUSB_ERROR_INVALID_PARAM, .invalidParameter),
            (LIBUSB_ERROR_ACCESS, .access),
            (LIBUSB_ERROR_NO_DEVICE, .noDevice),
            (LIBUSB_ERROR_NOT_FOUND, .notFound),
            (LIBUSB_ERROR_BUSY, .busy),
            (LIBUSB_ERROR_TIMEOUT, .timeout),
            (LIBUSB_ERROR_OVERFLOW, .overflow),
            (LIBUSB_ERROR_PIPE, .stall),
            (LIBUSB_ERROR_INTERRUPTED, .interrupted),
            (LIBUSB_ERROR_NO_MEM, .noMemory),
            (LIBUSB_ERROR_NOT_SUPPORTED, .notSupported),
        ])
    func libusbCodes(code: libusb_error, expected: USBError) {
        #expect(USBError(libusbCode: code.rawValue) == expected)
    }

    @Test("LIBUSB_ERROR_OTHER and unknown codes keep their code and libusb's name")
    func otherCodes() {
        #expect(USBError(libusbCode: LIBUSB_ERROR_OTHER.rawValue) == .other(code: -99, name: "LIBUSB_ERROR_OTHER"))
        guard case .other(let code, let name) = USBError(libusbCode: -42) else {
            Issue.record("an unknown code must map to .other")
            return
        }
        #expect(code == -42)
        #expect(name == String(cString: libusb_error_name(-42)))
    }

    @Test(
        "every transfer status maps to its typed error",
        arguments: [
            (LIBUSB_TRANSFER_ERROR, USBError.io),
            (LIBUSB_TRANSFER_TIMED_OUT, .timeout),
            (LIBUSB_TRANSFER_CANCELLED, .cancelled),
            (LIBUSB_TRANSFER_STALL, .stall),
            (LIBUSB_TRANSFER_NO_DEVICE, .noDevice),
            (LIBUSB_TRANSFER_OVERFLOW, .overflow),
        ])
    func transferStatuses(status: libusb_transfer_status, expected: USBError) {
        #expect(USBError(transferStatus: status) == expected)
    }

    @Test("a completed transfer is no error")
    func completedIsNoError() {
        #expect(USBError(transferStatus: LIBUSB_TRANSFER_COMPLETED) == nil)
    }

    @Test("check passes non-negative results through and throws mapped errors")
    func check() throws {
        #expect(try USBError.check(7) == 7)
        #expect(throws: USBError.busy) { try USBError.check(LIBUSB_ERROR_BUSY.rawValue) }
    }

    @Test("the access error names the udev rule file and the group")
    func accessMessage() {
        let message = USBError.access.description
        #expect(message.contains("udev/60-attendance-terminal.rules"))
        #expect(message.contains("\"attendance\""))
    }

    @Test("transfer timeouts round up to whole milliseconds and never mean 'forever'")
    func timeoutMilliseconds() {
        #expect(USBTransfer.milliseconds(.milliseconds(200)) == 200)
        #expect(USBTransfer.milliseconds(.microseconds(1500)) == 2)
        #expect(USBTransfer.milliseconds(.zero) == 1)
        #expect(USBTransfer.milliseconds(.seconds(-1)) == 1)
        #expect(USBTransfer.milliseconds(.seconds(Int64.max)) == UInt32.max)
        // Whole seconds that just fit in milliseconds, plus a fraction that rounds past Int64.max.
        #expect(USBTransfer.milliseconds(.seconds(Int64.max / 1000) + .milliseconds(999)) == UInt32.max)
    }
}
