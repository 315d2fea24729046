import Biometrics
import Enrollment
import Foundation
import TerminalStore

/// The enrollment flow's view of the terminal store. A member unknown locally is looked up with the
/// cloud (`check_userid`) and remembered when the cloud says the userid is legal.
struct StoreEnrollmentAdapter: EnrollmentStore {
    let store: TerminalStore
    /// Asks the cloud whether an unknown userid is in the device's scope; nil when it cannot answer.
    let checkUnknownMember: @Sendable (UserID) async -> Member?
    let wallClock: @Sendable () -> Date

    func member(_ id: UserID) async throws -> Member? {
        if let known = try await store.perform({ try $0.member(id) }) { return known }
        guard let checked = await checkUnknownMember(id) else { return nil }
        try await store.perform { try $0.upsertMember(checked) }
        return checked
    }

    func occupiedSlots(of id: UserID, modality: Modality) async throws -> Set<Int> {
        try await store.perform { try $0.occupiedSlots(userid: id, modality: modality) }
    }

    func templates(modality: Modality, algorithm: AlgorithmID, excluding id: UserID) async throws -> [StoredTemplate] {
        try await store.perform {
            try $0.templates(modality: modality, algorithm: algorithm, excluding: id).map(\.stored)
        }
    }

    func commitEnrollment(_ enrollment: CommittedEnrollment) async throws {
        let now = wallClock()
        let operation = enrollment.operID.map { PushedOperation(operID: $0, receivedAt: enrollment.receivedAt) }
        _ = try await store.perform {
            try $0.commitEnrollment(
                userid: enrollment.userid, userType: enrollment.userType, slot: enrollment.slot,
                template: enrollment.template, operation: operation, now: now)
        }
    }
}
