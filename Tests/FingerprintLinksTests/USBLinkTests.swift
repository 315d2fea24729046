import FingerprintLinks
import FingerprintModule
import Testing
import USBHost

@Suite("USB byte links over a fake transport")
struct USBLinkTests {
    @Test("USBBulkLink writes to the bulk OUT endpoint and delivers bulk IN data in order")
    func bulkLinkRoundTrip() async throws {
        let transport = FakeTransport()
        let link = try USBBulkLink(transport: transport)
        try await link.write([0xEF, 0x01, 0xFF])
        #expect(transport.writes.map(\.endpoint) == [0x02])
        #expect(transport.writes.map(\.bytes) == [[0xEF, 0x01, 0xFF]])
        transport.push(.success([1, 2]))
        transport.push(.success([3]))
        var received: [UInt8] = []
        while received.count < 3 { received += try await link.read(timeout: .seconds(2)) }
        #expect(received == [1, 2, 3])
        await link.close()
    }

    @Test("IN timeouts re-submit the read; empty transfers deliver nothing")
    func timeoutsResubmit() async throws {
        let transport = FakeTransport()
        let link = try USBBulkLink(transport: transport)
        transport.push(.failure(.timeout))
        transport.push(.success([]))
        transport.push(.failure(.timeout))
        transport.push(.success([9]))
        #expect(try await link.read(timeout: .seconds(2)) == [9])
        #expect(await eventually { transport.readsStarted >= 5 && transport.hasParkedRead })
        await link.close()
    }

    @Test("a read with nothing arriving times out with ByteLinkError.timeout")
    func readTimeout() async throws {
        let transport = FakeTransport()
        let link = try USBBulkLink(transport: transport)
        await #expect(throws: ByteLinkError.timeout(.milliseconds(30))) {
            try await link.read(timeout: .milliseconds(30))
        }
        await link.close()
    }

    @Test("close cancels the pending IN transfer, closes the transport once, and later I/O fails closed")
    func closeCancelsPendingRead() async throws {
        let transport = FakeTransport()
        let link = try USBBulkLink(transport: transport)
        #expect(await eventually { transport.hasParkedRead })
        await link.close()
        #expect(transport.cancelledReads == 1)
        #expect(!transport.hasParkedRead)
        #expect(transport.closeCount == 1)
        await #expect(throws: ByteLinkError.closed) { try await link.read(timeout: .seconds(1)) }
        await #expect(throws: ByteLinkError.closed) { try await link.write([1]) }
        await link.close()
        #expect(transport.closeCount == 1)
    }

    @Test("an unplugged device fails reads with an I/O error, after buffered bytes")
    func unplugged() async throws {
        let transport = FakeTransport()
        let link = try USBBulkLink(transport: transport)
        transport.push(.success([5]))
        transport.push(.failure(.noDevice))
        #expect(await eventually { transport.readsStarted >= 2 })
        #expect(try await link.read(timeout: .seconds(1)) == [5])
        await #expect(throws: ByteLinkError.io("USB device unplugged")) { try await link.read(timeout: .seconds(1)) }
        await link.close()
    }

    @Test("write failures map to link errors")
    func writeFailure() async throws {
        let transport = FakeTransport()
        let link = try USBBulkLink(transport: transport)
        transport.failWrites(with: .noDevice)
        await #expect(throws: ByteLinkError.io("USB device unplugged")) { try await link.write([1]) }
        await link.close()
    }

    @Test("a transport without bulk endpoints is rejected")
    func missingEndpoints() {
        #expect(throws: USBError.self) { try USBBulkLink(transport: FakeTransport(endpoints: USBEndpoints())) }
    }

    @Test("the bridge link sends the line coding before any data, then carries bytes over bulk")
    func bridgeLinkLineCoding() async throws {
        let transport = FakeTransport()
        let link = try await USBSerialBridgeLink.open(transport: transport, bridge: CP210xBridge(), baud: 57_600)
        #expect(transport.controls == (try CP210xBridge().lineCodingRequests(baud: 57_600)))
        try await link.write([0xEF, 0x01])
        #expect(transport.writes.map(\.bytes) == [[0xEF, 0x01]])
        transport.push(.success([0xEF, 0x01, 0xFF]))
        #expect(try await link.read(timeout: .seconds(2)) == [0xEF, 0x01, 0xFF])
        #expect(link.baud == 57_600)
        await link.close()
        #expect(transport.closeCount == 1)
    }

    @Test("the FTDI link strips modem-status bytes across packets and drops status-only transfers")
    func ftdiLinkStripsStatus() async throws {
        let transport = FakeTransport()
        let link = try await USBSerialBridgeLink.open(transport: transport, bridge: FTDIBridge())
        transport.push(.success([0x31, 0x60]))
        transport.push(.success([0x31, 0x60] + Array(repeating: 0xAA, count: 62) + [0x31, 0x60, 0xBB]))
        var received: [UInt8] = []
        while received.count < 63 { received += try await link.read(timeout: .seconds(2)) }
        #expect(received == Array(repeating: 0xAA, count: 62) + [0xBB])
        await link.close()
    }

    @Test("a failing control request aborts the open, names the step and closes the transport")
    func bridgeControlFailure() async {
        let transport = FakeTransport()
        transport.failControl(atIndex: 1, with: .stall)
        do {
            _ = try await USBSerialBridgeLink.open(transport: transport, bridge: CH34xBridge())
            Issue.record("open must fail")
        } catch {
            guard case .usb(.stall, let step) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(step.contains("CH340") && step.contains("0x9a"))
        }
        #expect(transport.controls.count == 2)
        #expect(transport.closeCount == 1)
    }

    @Test("an unsupported baud is rejected before any request is sent")
    func bridgeBadBaud() async {
        let transport = FakeTransport()
        await #expect(
            throws: FingerprintUSBError.bridge(.unsupportedBaud(10, bridge: "FTDI FT232R", supported: 184...3_000_000))
        ) {
            try await USBSerialBridgeLink.open(transport: transport, bridge: FTDIBridge(), baud: 10)
        }
        #expect(transport.controls.isEmpty)
        #expect(transport.closeCount == 1)
    }
}
