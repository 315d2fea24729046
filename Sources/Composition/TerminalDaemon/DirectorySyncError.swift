import TerminalStore
import WeComDevice

/// Why a directory job did not finish. The store is left as the last committed page or change left it.
enum DirectorySyncError: Error, CustomStringConvertible, Sendable {
    /// Restarts allowed when `perm_version` keeps changing under a pull, before it waits for the next trigger.
    static let maxRestarts = 10

    case keepsChanging(Int)
    case emptyPage(offset: Int)
    case tooLarge(Int)
    case cloud(WeComError)
    case store(String)
    case stopped

    init(_ error: any Error) {
        switch error {
        case let error as DirectorySyncError: self = error
        case let error as WeComError: self = .cloud(error)
        default: self = .store("\(error)")
        }
    }

    var description: String {
        switch self {
        case .keepsChanging(let n):
            "perm_version changed under the pull \(n) times; it is tried again at the next login or push"
        case .emptyPage(let offset):
            "get_userinfo_by_page: the page at offset \(offset) is empty but not marked is_last"
        case .tooLarge(let n):
            "get_userinfo_by_page: more than \(ProtocolLimits.directoryMembers) members listed (\(n)); the pull is refused"
        case .cloud(let error): "\(error)"
        case .store(let detail): "the store: \(detail)"
        case .stopped: "the directory sync has stopped (the daemon is shutting down)"
        }
    }
}
