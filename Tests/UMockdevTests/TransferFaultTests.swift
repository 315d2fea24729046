import CLibUSB
import FingerprintModuleSim
import Testing
import UMockdevHarness

extension UMockdevTier2Tests {
    @Suite("cancellation, unplug, stall, timeout and module faults")
    struct TransferFaultTests {
        @Test("cancelling a parked IN transfer completes it with LIBUSB_TRANSFER_CANCELLED")
        func cancelParkedRead() throws {
            try LibUSBTestSession.withClaimedDevice(.native()) { device, usb in
                let handle = try #require(usb.handle)
                let read = try AsyncInTransfer(context: usb.context, handle: handle, endpoint: 0x81, length: 64)
                #expect(!read.pump(milliseconds: 60), "nothing to read: the URB stays parked")
                #expect(device.parkedURBCount == 1)
                #expect(read.cancel() == 0)
                #expect(read.pump(milliseconds: 1000))
                #expect(read.status == LIBUSB_TRANSFER_CANCELLED)
                #expect(device.urbCounters.discarded == 1)
                #expect(device.parkedURBCount == 0)
            }
        }

        @Test("a parked read is answered as soon as a command produces a reply")
        func parkedReadAnswered() throws {
            try LibUSBTestSession.withClaimedDevice(.native()) { device, usb in
                let handle = try #require(usb.handle)
                let read = try AsyncInTransfer(context: usb.context, handle: handle, endpoint: 0x81, length: 64)
                #expect(!read.pump(milliseconds: 40))
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                #expect(read.pump(milliseconds: 1000))
                #expect(read.status == LIBUSB_TRANSFER_COMPLETED)
                #expect(read.bytes == ZFMTestPackets.noFingerAck)
                let counters = device.urbCounters
                #expect(counters.bulkOut == 1 && counters.bulkIn == 1)
                #expect(counters.bytesOut == 12 && counters.bytesIn == 12)
            }
        }

        @Test("unplug fails the pending read with NO_DEVICE and later calls with LIBUSB_ERROR_NO_DEVICE; replug works")
        func unplugAndReplug() throws {
            let module = SimulatedZFMModule()
            try UMockdevTestbed.run(.ch340, module: module) { device in
                let firstAddress = device.deviceAddress
                try LibUSBTestSession.withClaimed(device) { usb in
                    let handle = try #require(usb.handle)
                    let read = try AsyncInTransfer(context: usb.context, handle: handle, endpoint: 0x82, length: 32)
                    #expect(!read.pump(milliseconds: 40))
                    device.unplug()
                    #expect(!device.isPlugged)
                    #expect(read.pump(milliseconds: 1000))
                    #expect(read.status == LIBUSB_TRANSFER_NO_DEVICE)
                    #expect(usb.bulkWrite(0x02, ZFMTestPackets.genImg) == LIBUSB_ERROR_NO_DEVICE.rawValue)
                    #expect(
                        usb.control(0xC0, 0x5F, value: 0, index: 0, inLength: 2).0 == LIBUSB_ERROR_NO_DEVICE.rawValue)
                }
                try LibUSBTestSession.withSession { usb in
                    let all = try usb.devices()
                    #expect(!all.contains { $0.descriptor.idVendor == 0x1A86 }, "gone from sysfs")
                    for entry in all { libusb_unref_device(entry.device) }
                }
                try device.replug()
                #expect(device.isPlugged)
                #expect(device.deviceAddress == firstAddress + 1)
                #expect(device.boundDriver == "ch341", "a fresh plug binds the kernel driver again")
                #expect(device.bridgeUARTEnabled == false, "the bridge powered up again")
                let usb = try LibUSBTestSession()
                defer { usb.close() }
                let position = try usb.open(vendor: 0x1A86, product: 0x7523)
                #expect(position.address == device.deviceAddress)
                let handle = try #require(usb.handle)
                libusb_set_auto_detach_kernel_driver(handle, 1)
                try usb.check("libusb_claim_interface", libusb_claim_interface(handle, 0))
                CH340BridgeTests.configure(usb, divisor: CH340BridgeTests.divisor57600)
                #expect(usb.bulkWrite(0x02, ZFMTestPackets.genImg) == 0)
                #expect(usb.bulkRead(0x82, exactly: 12).1 == ZFMTestPackets.noFingerAck)
            }
        }

        @Test("stallNext makes the endpoint return LIBUSB_ERROR_PIPE until the halt is cleared")
        func stallAndClearHalt() throws {
            try LibUSBTestSession.withClaimedDevice(.native()) { device, usb in
                device.stallNext(endpoint: 0x01)
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == LIBUSB_ERROR_PIPE.rawValue)
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == LIBUSB_ERROR_PIPE.rawValue, "still halted")
                #expect(libusb_clear_halt(usb.handle, 0x01) == 0)
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                #expect(device.module.count(of: .genImg) == 1)

                device.stallNext(endpoint: 0x81)
                #expect(usb.bulkRead(0x81).0 == LIBUSB_ERROR_PIPE.rawValue)
                #expect(libusb_clear_halt(usb.handle, 0x81) == 0)
                #expect(usb.bulkRead(0x81).1 == ZFMTestPackets.noFingerAck)
                #expect(device.urbCounters.stalled == 3)
            }
        }

        @Test("timeoutNext leaves one read unanswered; the reply is still there for the next read")
        func timeoutNextRead() throws {
            try LibUSBTestSession.withClaimedDevice(.native()) { device, usb in
                device.timeoutNext()
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                #expect(usb.bulkRead(0x81, timeoutMilliseconds: 80).0 == LIBUSB_ERROR_TIMEOUT.rawValue)
                #expect(usb.bulkRead(0x81).1 == ZFMTestPackets.noFingerAck)
            }
        }

        @Test("module faults pass through: a corrupted checksum arrives as sent")
        func moduleFaultPassthrough() throws {
            try LibUSBTestSession.withClaimedDevice(.native()) { device, usb in
                device.inject(.corruptNextChecksum)
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                let reply = usb.bulkRead(0x81).1
                #expect(reply.count == 12)
                #expect(Array(reply.prefix(10)) == Array(ZFMTestPackets.noFingerAck.prefix(10)))
                #expect(Array(reply.suffix(2)) != [0x00, 0x0C])
                device.inject(.stopAnswering)
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                #expect(usb.bulkRead(0x81, timeoutMilliseconds: 80).0 == LIBUSB_ERROR_TIMEOUT.rawValue)
                device.clearFaults()
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                #expect(usb.bulkRead(0x81).1 == ZFMTestPackets.noFingerAck)
            }
        }
    }
}
