import CLibUSB
import FingerprintModuleSim
import Testing
import UMockdevHarness

extension UMockdevTier2Tests {
    @Suite("native USB module 1209:0001")
    struct NativeModuleTests {
        @Test("a GenImg written on bulk OUT gets the exact acknowledge on bulk IN")
        func genImgRoundTrip() throws {
            let module = SimulatedZFMModule()
            try LibUSBTestSession.withClaimedDevice(.native(), module: module) { device, usb in
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                let (status, reply) = usb.bulkRead(0x81)
                #expect(status == 0)
                #expect(reply == ZFMTestPackets.noFingerAck)

                module.place(SimulatedFinger("alice-right-index"))
                #expect(usb.bulkWrite(0x01, ZFMTestPackets.genImg) == 0)
                let (again, captured) = usb.bulkRead(0x81)
                #expect(again == 0)
                #expect(captured == ZFMTestPackets.imageCapturedAck)
            }
        }
    }
}
