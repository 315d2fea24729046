import Biometrics
import Enrollment
import Foundation
import Measuring
import TerminalStore

/// The enrollment flow's view of the terminal store: members, slots, templates and the commit of a
/// template with its outbox row. Store access only; unknown members are checked by `CloudMemberCheck`.
struct StoreEnrollmentAdapter: EnrollmentStore {
    let store: TerminalStore
    let wallClock: @Sendable () -> Date

    func member(_ id: UserID) async throws -> Member? {
        try await store.perform { try $0.member(id) }
    }

    func rememberMember(_ member: Member) async throws {
        try await store.perform { try $0.upsertMember(member) }
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
        // The machine's decision travels with the row; a result already past it goes without oper_id.
        let operation: PushedOperation? =
            if let operID = enrollment.reportableOperID, let deadline = enrollment.resultDeadline {
                PushedOperation(
                    operID: operID, receivedAt: enrollment.receivedAt, deadline: deadline.at,
                    window: deadline.remaining.seconds)
            } else {
                nil
            }
        _ = try await store.perform {
            try $0.commitEnrollment(
                userid: enrollment.userid, userType: enrollment.userType, slot: enrollment.slot,
                template: enrollment.template, operation: operation, now: now)
        }
    }
}
