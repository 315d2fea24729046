import Foundation
import Synchronization
import Testing

@testable import DeviceSetup

/// `attendctl status` prints `DevicePresence.statusLines` under each device, from the presence the
/// daemon wrote to its status file.
@Suite("attendctl status: device presence lines")
struct PresenceStatusLinesTests {
    /// The operator's format, in UTC so that the lines do not depend on the machine's time zone.
    static let utc = Date.ISO8601FormatStyle(
        dateSeparator: .dash, dateTimeSeparator: .space, timeZone: TimeZone(identifier: "UTC")!)
    /// 2026-05-28 20:26:40 UTC.
    static let start = Date(timeIntervalSince1970: 1_780_000_000)

    @Test("a module that went away and came back, a camera that is gone: what the status file makes attendctl print")
    func linesFromTheStatusFile() throws {
        let now = Mutex(Self.start)
        let clock: @Sendable () -> Date = { now.withLock { $0 } }
        let fingerprint = DevicePresenceTracker(wallClock: clock)
        let camera = DevicePresenceTracker(wallClock: clock)
        func advance(_ seconds: TimeInterval) { now.withLock { $0 += seconds } }

        fingerprint.markPresent("ZFM module on unix:/run/zfm.sock")
        camera.markPresent("UVC camera /dev/video0")
        advance(60)
        fingerprint.markAbsent("link closed")
        advance(1)
        fingerprint.markAbsent("link closed")  // the same failure again while away: no change
        camera.markAbsent("ENODEV")
        advance(120)
        fingerprint.markPresent("ZFM module on unix:/run/zfm.sock")

        let folder = NSTemporaryDirectory() + "presence-lines-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/status.json"
        try DaemonStatus(
            pid: 1, startedAt: Self.start, updatedAt: clock(), sn: "SN", endpoint: "wss://example",
            session: "logged_in",
            fingerprintDevice: "ZFM module", faceDevice: "UVC camera", fingerprintPresence: fingerprint.current,
            facePresence: camera.current, enrollment: nil, lastResult: nil
        ).write(to: path)
        let status = try DaemonStatus.read(from: path)

        #expect(
            status.presence(of: .fingerprint)?.statusLines(dates: Self.utc) == [
                "present since 2026-05-28 20:29:41Z: ZFM module on unix:/run/zfm.sock",
                "last error 2026-05-28 20:27:40Z: link closed",
            ])
        #expect(
            status.presence(of: .camera)?.statusLines(dates: Self.utc) == [
                "ABSENT since 2026-05-28 20:27:41Z",
                "last error 2026-05-28 20:27:41Z: ENODEV",
            ])
    }

    @Test("present and never failed: one line; absent before any open: one line without an error")
    func linesWithoutAnError() {
        let present = DevicePresence(present: true, since: Self.start, detail: nil)
        #expect(present.statusLines(dates: Self.utc) == ["present since 2026-05-28 20:26:40Z"])
        let neverOpened = DevicePresenceTracker(wallClock: { Self.start })
        #expect(neverOpened.current.statusLines(dates: Self.utc) == ["ABSENT since 2026-05-28 20:26:40Z"])
    }
}
