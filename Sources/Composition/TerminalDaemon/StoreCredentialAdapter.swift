import TerminalStore
import WeComDevice

/// Persists the cloud credentials in the terminal store; an unbind wipes members, templates and outbox too.
struct StoreCredentialAdapter: CredentialStore {
    let store: TerminalStore

    func loadCredentials() async throws -> DeviceCredentials {
        try await store.perform {
            DeviceCredentials(activeCode: try $0.activeCode(), secret: try $0.secret(), secretNo: try $0.secretNo())
        }
    }

    func saveCredentials(_ credentials: DeviceCredentials) async throws {
        try await store.perform {
            try $0.saveActiveCode(credentials.activeCode)
            try $0.saveSecret(credentials.secret)
            try $0.saveSecretNo(credentials.secretNo)
        }
    }

    func wipeForUnbind() async throws {
        try await store.perform { try $0.wipeForUnbind() }
    }
}
