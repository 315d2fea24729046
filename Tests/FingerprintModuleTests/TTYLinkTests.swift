import Biometrics
import FingerprintLinks
import FingerprintModule
import FingerprintModuleSim
import Foundation
import Imaging
import Testing

@Suite("TTYLink against the simulator on a pseudo-terminal")
struct TTYLinkTests {
    @Test("the server exposes a /dev/pts slave and runs at the module's baud")
    func slavePath() async throws {
        let server = try ZFMPTYServer(module: SimulatedZFMModule(configuration: .init(baudMultiplier: 12)))
        #expect(server.slavePath.hasPrefix("/dev/pts/"))
        #expect(FileManager.default.fileExists(atPath: server.slavePath))
        #expect(server.baud == 115_200)
        await server.shutdown()
    }

    @Test("the server refuses speeds a ZFM module cannot run at", arguments: [0, 4800, 57_601, 124_800])
    func serverBaud(baud: Int) {
        #expect(throws: ByteLinkError.io("baud: expected 9600 × 1-12 bits/s (a ZFM module's speeds), got \(baud)")) {
            try ZFMPTYServer(module: SimulatedZFMModule(), baud: baud)
        }
    }

    @Test("ReadSysPara over the tty")
    func readSysPara() async throws {
        try await withTTYRig(sim: .init(librarySize: 500, securityLevel: 2, packetSizeCode: 3)) {
            (rig: Rig, _: ZFMPTYServer) async throws in
            let parameters = try await rig.module.readSysPara()
            #expect(parameters.librarySize == 500)
            #expect(parameters.securityLevel == 2)
            #expect(parameters.packetSize == 256)
            #expect(parameters.baudRate == 57600)
            #expect(rig.sim.count(of: .readSysPara) == 1)
        }
    }

    @Test("three presses enroll a template through ZFMFingerprintReader over the tty")
    func enrollment() async throws {
        try await withTTYRig { (rig: Rig, _: ZFMPTYServer) async throws in
            let template = try await rig.enroll(alice, presses: 3)
            #expect(template.data.count == 512)
            #expect(template.algorithm == .zfmModule)
            #expect(rig.sim.count(of: .regModel) == 1)
            #expect(rig.sim.count(of: .match) == 1, "the third press is matched against the merged template")
            let probe = try await rig.enroll(alice, presses: 2)
            #expect(try await rig.matcher.matches(probe, template))
        }
    }

    @Test("a 4-bit image upload over the tty becomes a 256×288 GrayImage of the simulator's image")
    func imageCapture() async throws {
        try await withTTYRig { (rig: Rig, _: ZFMPTYServer) async throws in
            rig.sim.place(bob)
            let image = try await ZFMFingerprintModuleService(module: rig.module).captureImage()
            let original = try #require(rig.sim.capturedImagePixels())
            #expect(image.width == 256)
            #expect(image.height == 288)
            #expect(original.count == image.pixels.count)
            let mismatches = zip(image.pixels, original).count { gray, exact in
                gray % 17 != 0 || gray / 17 != exact >> 4
            }
            #expect(mismatches == 0, "every pixel is the original's high nibble widened to 8 bits")
            #expect(rig.sim.eventLog().contains { $0.detail.contains("4-bit image") })
        }
    }

    @Test("a host at the wrong baud only sends the module garbage")
    func wrongBaud() async throws {
        try await withTTYRig(driver: .init(commandTimeout: .milliseconds(300)), linkBaud: 115_200) {
            (rig: Rig, server: ZFMPTYServer) async throws in
            await #expect(throws: ZFMError.timeout(.readSysPara, after: .milliseconds(300))) {
                try await rig.module.readSysPara()
            }
            #expect(rig.sim.count(of: .readSysPara) == 0)
            // The same module answers once the host uses its speed.
            let link = try await reopen(server, after: rig.module, baud: 57600)
            let module = ZFMModule(link: link)
            #expect(try await module.readSysPara().baudRate == 57600)
            await module.close()
        }
    }

    @Test("a module set to 115200 answers a host at 115200")
    func fasterModule() async throws {
        try await withTTYRig(sim: .init(baudMultiplier: 12), linkBaud: 115_200) {
            (rig: Rig, server: ZFMPTYServer) async throws in
            #expect(server.baud == 115_200)
            #expect(try await rig.module.readSysPara().baudRate == 115_200)
        }
    }

    @Test("close while a read is pending returns promptly, fails the read with .closed and releases the device")
    func closeWhileReading() async throws {
        let server = try ZFMPTYServer(module: SimulatedZFMModule())
        server.start()
        let link = try await TTYLink.open(path: server.slavePath)
        #expect(Self.openDescriptors().contains(server.slavePath))
        // The read would end with .timeout after 30 s: ending with .closed shows the close ended it.
        let pending = Task { try await link.read(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(50))
        await link.close()
        await #expect(throws: ByteLinkError.closed) { try await pending.value }
        await #expect(throws: ByteLinkError.closed) { try await link.write([0x01]) }
        // The reader thread ends and closes the device.
        var stillOpen = true
        for _ in 0..<100 where stillOpen {
            stillOpen = Self.openDescriptors().contains(server.slavePath)
            if stillOpen { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(!stillOpen, "\(server.slavePath) is still open 1 s after close")
        await server.shutdown()
    }

    /// What this process's descriptors point at.
    private static func openDescriptors() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
    }

    @Test("the server shutting down hangs up a pending read")
    func serverHangUp() async throws {
        let server = try ZFMPTYServer(module: SimulatedZFMModule())
        server.start()
        let link = try await TTYLink.open(path: server.slavePath)
        let pending = Task { try await link.read(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(50))
        await server.shutdown()
        await #expect(throws: ByteLinkError.io("read \(server.slavePath): the device hung up")) {
            try await pending.value
        }
        await link.close()
    }

    @Test("opening a path that does not exist names the path and errno")
    func missingDevice() async throws {
        await #expect(throws: ByteLinkError.io("open /dev/ttyNOSUCH9: No such file or directory (errno 2)")) {
            try await TTYLink.open(path: "/dev/ttyNOSUCH9")
        }
    }

    @Test("a regular file is refused as not a terminal")
    func notATerminal() async throws {
        let path = NSTemporaryDirectory() + "not-a-tty-\(UUID().uuidString.prefix(8))"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect(
            throws: ByteLinkError.io(
                "\(path): expected a terminal device (serial port or pty slave), got another kind of file")
        ) {
            try await TTYLink.open(path: path)
        }
    }

    @Test("baud rates without a termios constant are refused before opening", arguments: [0, 28_800, 57_601, 230_400])
    func unsupportedBaud(baud: Int) async throws {
        await #expect(
            throws: ByteLinkError.io(
                "/dev/ttyS0: baud rate: expected 9600, 19200, 38400, 57600 or 115200 bits/s, got \(baud)")
        ) {
            try await TTYLink.open(path: "/dev/ttyS0", baud: baud)
        }
    }

    @Test("TTYBaudRate maps to the termios constants and back")
    func baudRates() throws {
        #expect(TTYBaudRate.allCases.map(\.bitsPerSecond) == [9600, 19200, 38400, 57600, 115_200])
        for rate in TTYBaudRate.allCases {
            #expect(TTYBaudRate.bitsPerSecond(of: rate.speed) == rate.bitsPerSecond)
            #expect(try TTYBaudRate(bitsPerSecond: rate.bitsPerSecond) == rate)
        }
        #expect(TTYBaudRate.bitsPerSecond(of: 0) == nil, "B0 means hang up, not a speed")
    }

    @Test("a second link after the first closed gets a fresh connection")
    func reopen() async throws {
        try await withTTYRig { (rig: Rig, server: ZFMPTYServer) async throws in
            #expect(try await rig.module.templateCount() == 0)
            let link = try await reopen(server, after: rig.module, baud: 57600)
            let module = ZFMModule(link: link)
            #expect(try await module.templateCount() == 0)
            await module.close()
        }
    }

    /// Closes `module`'s link and opens the server's slave again.
    private func reopen(_ server: ZFMPTYServer, after module: ZFMModule, baud: Int) async throws -> TTYLink {
        await module.close()
        return try await TTYLink.open(path: server.slavePath, baud: baud)
    }
}
