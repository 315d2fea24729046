import Biometrics
import Foundation
import Synchronization
import TerminalDaemon
import WeComDevice

/// A cloud that records every upload and answers as scripted.
actor FakeCloud: CloudUploading {
    private(set) var uploads: [UploadUserInfo] = []
    var reachable = true
    var failUsers: Set<String> = []
    var errcode = 0

    func setReachable(_ value: Bool) { reachable = value }
    func setFailUsers(_ users: Set<String>) { failUsers = users }
    func setErrcode(_ code: Int) { errcode = code }

    func uploadUserInfo(_ upload: UploadUserInfo) async throws -> UploadUserInfoResponse {
        guard reachable else { throw WebSocketClosedError() }
        try upload.validate()
        uploads.append(upload)
        let failed = upload.users.map(\.userid.rawValue).filter(failUsers.contains)
        return UploadUserInfoResponse(errcode: errcode, errmsg: errcode == 0 ? "ok" : "rejected", failList: failed)
    }
}

/// A wall clock that a test moves by hand.
final class ManualWallClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    var function: @Sendable () -> Date { { self.now } }
}

func template(_ byte: UInt8, size: Int = 512) -> Template {
    Template(modality: .fingerprint, algorithm: .zfmModule, data: Data(repeating: byte, count: size))
}
