import Biometrics
import ClockTesting
import DeviceSetup
import FingerprintModuleSim
import Foundation
import Synchronization
import Testing

/// The daemon's fingerprint device over the module simulator on a Unix socket: a module that goes
/// away is reopened, and the reader, matcher and searcher the enrollment runner holds keep working.
@Suite("a lost fingerprint module is reopened")
struct FingerprintRecoveryTests {
    /// Never retries on its own: every reopen in these tests comes from a call.
    static let callsOnly: FingerprintRecoverySettings = {
        var settings = FingerprintRecoverySettings.default
        settings.retryInterval = .seconds(86_400)
        return settings
    }()

    static func socketPath() -> String {
        NSTemporaryDirectory() + "fp-recovery-\(UUID().uuidString.prefix(8)).sock"
    }

    static func recovering(_ path: String) async throws -> FingerprintDevice {
        let config = try FingerprintToolSettings.resolve(base: nil, link: "unix:\(path)", baud: nil)
        return try #require(try await FingerprintDevice.recovering(config, settings: callsOnly))
    }

    static func serve(_ module: SimulatedZFMModule, at path: String) throws -> ZFMSocketServer {
        let server = try ZFMSocketServer(module: module, path: path)
        server.start()
        return server
    }

    /// Presses `finger` twice and merges the presses on the module, through `reader`.
    static func enroll(
        _ finger: String, on module: SimulatedZFMModule, with reader: any FingerprintReader
    ) async throws -> Template {
        var samples: [FingerSample] = []
        module.place(SimulatedFinger(finger))
        defer { module.lift() }
        for _ in 0..<10 where samples.count < 2 {
            guard try await reader.isFingerPresent() else { continue }
            if case .sample(let sample) = try await reader.capture() { samples.append(sample) }
        }
        try #require(samples.count == 2, "two usable presses of \(finger) in 10")
        return try await reader.enrollTemplate(from: samples)
    }

    @Test("module restarted on the same socket: the call in flight fails, the next one works on the same reader")
    func restartedSocket() async throws {
        let path = Self.socketPath()
        let module = SimulatedZFMModule()
        let server = try Self.serve(module, at: path)
        let device = try await Self.recovering(path)
        let reader = device.reader
        let presence = try #require(device.presence)
        #expect(presence.current.present)
        #expect(presence.current.detail == "ZFM module on unix:\(path)")
        _ = try await Self.enroll("first", on: module, with: reader)

        await server.shutdown()
        await #expect {
            _ = try await reader.isFingerPresent()
        } throws: { error in
            guard case FingerprintReaderError.deviceFault(let why) = error else { return false }
            return why.contains("link")
        }
        #expect(!presence.current.present)
        #expect(presence.current.lastError?.contains("link lost") == true)
        await #expect {
            _ = try await reader.isFingerPresent()
        } throws: { error in
            guard case FingerprintReaderError.deviceFault(let why) = error else { return false }
            return why.contains("absent")
        }

        let restarted = try Self.serve(module, at: path)
        let template = try await Self.enroll("second", on: module, with: reader)
        #expect(template.algorithm == .zfmModule)
        #expect(presence.current.present)
        #expect(try await device.matcher.matches(template, template))
        await device.close()
        await restarted.shutdown()
    }

    @Test("a serial module (pseudo-terminal behind a stable symlink) that is replaced is reopened on the next call")
    func replacedTTY() async throws {
        let link = NSTemporaryDirectory() + "fp-tty-\(UUID().uuidString.prefix(8))"
        defer { unlink(link) }
        let module = SimulatedZFMModule()
        let first = try ZFMPTYServer(module: module)
        first.start()
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: first.slavePath)
        let config = try FingerprintToolSettings.resolve(base: nil, link: "tty:\(link)", baud: nil)
        let device = try #require(try await FingerprintDevice.recovering(config, settings: Self.callsOnly))
        let presence = try #require(device.presence)
        #expect(presence.current.present)
        #expect(try await device.reader.isFingerPresent() == false)

        await first.shutdown()
        await #expect(throws: FingerprintReaderError.self) { _ = try await device.reader.isFingerPresent() }
        #expect(!presence.current.present)

        let second = try ZFMPTYServer(module: module)
        second.start()
        unlink(link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: second.slavePath)
        _ = try await Self.enroll("over the tty", on: module, with: device.reader)
        #expect(presence.current.present)
        await device.close()
        await second.shutdown()
    }

    @Test("absent when the daemon starts: the first call after the module appears works")
    func absentAtStart() async throws {
        let path = Self.socketPath()
        let device = try await Self.recovering(path)
        let presence = try #require(device.presence)
        #expect(!presence.current.present)
        #expect(presence.current.lastError != nil)
        await #expect(throws: FingerprintReaderError.self) { _ = try await device.reader.isFingerPresent() }

        let module = SimulatedZFMModule()
        let server = try Self.serve(module, at: path)
        #expect(try await device.reader.isFingerPresent() == false)
        #expect(presence.current.present)
        _ = try await Self.enroll("late", on: module, with: device.reader)
        await device.close()
        await server.shutdown()
    }

    @Test("a module replaced by one with an empty library: the duplicate check fills the library again")
    func librarySyncedAgain() async throws {
        let path = Self.socketPath()
        let first = SimulatedZFMModule()
        let server = try Self.serve(first, at: path)
        let device = try await Self.recovering(path)
        let searcher = try #require(device.searcher)
        let owner = try await Self.enroll("owner", on: first, with: device.reader)
        let candidates = [
            StoredTemplate(userid: try UserID("owner"), slot: SlotID(.fingerprint, 0)!, template: owner)
        ]
        #expect(try await searcher.firstMatch(for: owner, among: candidates)?.userid.rawValue == "owner")

        await server.shutdown()
        await #expect(throws: (any Error).self) { _ = try await searcher.firstMatch(for: owner, among: candidates) }
        let second = SimulatedZFMModule()
        let replaced = try Self.serve(second, at: path)
        #expect(try await searcher.firstMatch(for: owner, among: candidates)?.userid.rawValue == "owner")
        #expect(second.count(of: .store) == 1, "the candidate was stored in the new module's library")
        await device.close()
        await replaced.shutdown()
    }

    @Test("between enrollments the idle probe notices the module gone, then back, with no call made")
    func idleProbe() async throws {
        let path = Self.socketPath()
        let module = SimulatedZFMModule()
        let server = try Self.serve(module, at: path)
        let clock = ManualClock()
        let config = try FingerprintToolSettings.resolve(base: nil, link: "unix:\(path)", baud: nil)
        let device = try #require(try await FingerprintDevice.recovering(config, clock: clock))
        let presence = try #require(device.presence)
        #expect(presence.current.present)
        let interval = FingerprintRecoverySettings.default.retryInterval

        await server.shutdown()
        while presence.current.present {
            clock.advance(by: interval)
            await Task.yield()
        }
        #expect(presence.current.lastError?.contains("link lost") == true)

        let restarted = try Self.serve(module, at: path)
        while !presence.current.present {
            clock.advance(by: interval)
            await Task.yield()
        }
        #expect(try await device.reader.isFingerPresent() == false)
        await device.close()
        await restarted.shutdown()
    }

    @Test("presence: a failure repeated word for word is no change; coming back is")
    func presenceChanges() {
        let tracker = DevicePresenceTracker(wallClock: { Date(timeIntervalSince1970: 1_000) })
        let seen = Recorded()
        tracker.observe { seen.append($0) }
        tracker.markAbsent("no such file")
        tracker.markAbsent("no such file")
        tracker.markPresent("module")
        tracker.markPresent("module")
        tracker.markAbsent("link lost: link closed")
        #expect(seen.values.map(\.present) == [false, false, true, false])
        #expect(seen.values.last?.lastError == "link lost: link closed")
        #expect(seen.values[2].detail == "module")
        #expect(seen.values[2].lastError == "no such file", "kept after the device came back")
    }

    @Test("the status file's presence survives a JSON round trip, and older files without it still read")
    func statusRoundTrip() throws {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        var status = DaemonStatus(
            pid: 42, startedAt: at, updatedAt: at, sn: "SN1", endpoint: "ws://127.0.0.1:1", session: "logged in",
            fingerprintDevice: "ZFM module on usb", faceDevice: "none", enrollment: nil, lastResult: nil)
        status.setPresence(
            DevicePresence(
                present: true, since: at, detail: "native ZFM module at bus 1 address 4",
                lastError: "unplugged: 1209:0001 at bus 1 address 3 left the USB bus", lastErrorAt: at),
            of: .fingerprint)
        status.setPresence(DevicePresence(present: false, since: at, lastError: "ENODEV", lastErrorAt: at), of: .camera)
        let data = try status.encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""fingerprint_presence""#))
        #expect(text.contains(#""last_error_at""#))
        #expect(try DaemonStatus.decode(data) == status)

        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["fingerprint_presence"] = nil
        object["face_presence"] = nil
        let older = try DaemonStatus.decode(JSONSerialization.data(withJSONObject: object))
        #expect(older.presence(of: .fingerprint) == nil)
        #expect(older.sn == "SN1")
    }
}

/// What an observer saw, in order.
private final class Recorded: Sendable {
    private let state = Mutex<[DevicePresence]>([])
    var values: [DevicePresence] { state.withLock { $0 } }
    func append(_ presence: DevicePresence) { state.withLock { $0.append(presence) } }
}
