import Biometrics
import Foundation

/// Splits due outbox rows into uploads: one per open operation, then re-pushes of at most `maxUsers` users.
struct OutboxBatcher {
    let maxUsers: Int

    /// `rows` must be oldest first. Batches of open operations come first (a fresh result never waits
    /// behind a backlog of re-pushes), each group ordered by its oldest row.
    func batches(of rows: [OutboxEntry], now: Date) -> [OutboxBatch] {
        var operationBatches: [String: [OutboxEntry]] = [:]
        var operationOrder: [String] = []
        var repushRows: [OutboxEntry] = []
        for row in rows {
            if let operID = row.operIDIfWithin(now: now) {
                if operationBatches[operID] == nil { operationOrder.append(operID) }
                operationBatches[operID, default: []].append(row)
            } else {
                repushRows.append(row)
            }
        }
        let withOperation = operationOrder.map { OutboxBatch(operID: $0, entries: operationBatches[$0]!) }
        return withOperation + repushBatches(repushRows)
    }

    /// Users are placed in first-appearance order; all rows of a user join the batch of their first row.
    private func repushBatches(_ rows: [OutboxEntry]) -> [OutboxBatch] {
        var batchOfUser: [UserID: Int] = [:]
        var batches: [[OutboxEntry]] = []
        var usersInLast = 0
        for row in rows {
            if let index = batchOfUser[row.userid] {
                batches[index].append(row)
                continue
            }
            if batches.isEmpty || usersInLast == maxUsers {
                batches.append([])
                usersInLast = 0
            }
            batchOfUser[row.userid] = batches.count - 1
            batches[batches.count - 1].append(row)
            usersInLast += 1
        }
        return batches.map { OutboxBatch(operID: nil, entries: $0) }
    }
}
