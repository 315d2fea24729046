import FingerprintModuleSim
import Testing
import UMockdevHarness

extension UMockdevTier2Tests {
    @Suite("testbed lifecycle")
    struct TestbedLifecycleTests {
        @Test("only one testbed may be alive; after shutDown another can be created")
        func oneAtATime() throws {
            let first = try UMockdevTestbed()
            #expect(first.rootDirectory != nil)
            #expect(throws: UMockdevHarnessError.testbedAlreadyAlive) { try UMockdevTestbed() }
            first.shutDown()
            #expect(first.rootDirectory == nil)
            #expect(throws: UMockdevHarnessError.testbedShutDown) {
                try first.addUSBDevice(.native(), module: SimulatedZFMModule())
            }
            let second = try UMockdevTestbed()
            second.shutDown()
        }

        @Test("replug of a plugged device is refused")
        func replugWhilePlugged() throws {
            try UMockdevTestbed.run(.native()) { device in
                #expect(throws: UMockdevHarnessError.alreadyPlugged) { try device.replug() }
            }
        }
    }
}

@Suite("umockdev preload gate")
struct UMockdevPreloadGateTests {
    @Test(
        "without the preload a testbed refuses to start and names the command",
        .enabled(if: !UMockdevEnvironment.isPreloaded))
    func refusesWithoutPreload() {
        #expect(throws: UMockdevHarnessError.preloadMissing) { try UMockdevTestbed() }
        #expect(UMockdevHarnessError.preloadMissing.description.contains("LD_PRELOAD=libumockdev-preload.so.0"))
    }
}
