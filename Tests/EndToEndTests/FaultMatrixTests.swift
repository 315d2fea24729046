import Foundation
import Synchronization
import Testing
import WeComCloudSim

/// Bullet 8 of issue 13: every row injects one fault at one point of an enrollment over loopback and
/// asserts the errcode the cloud receives for it within the minute (the cloud's own rule checker
/// marks a result later than 60 s after the push as late) and that the next enrollment succeeds.
/// The matrix (fault, expected, observed, time) is printed in the test log as the rows finish.
@Suite("End to end: fault matrix", .serialized)
struct FaultMatrixTests {
    /// How long the harness waits for an operation before it calls it unanswered (beyond the minute).
    static let operationWait: Duration = .seconds(75)

    @Test("fault matrix row", arguments: FaultRow.all)
    func row(_ row: FaultRow) async throws {
        let world = try await FaultMatrixWorld(serveModule: !row.moduleInAnotherProcess)
        defer { Task { await world.stop() } }
        if row.moduleInAnotherProcess { try await world.startModuleProcess() }
        try await row.setUp(world)
        try await world.startTerminal()

        if row.point == .beforePush { try await row.inject(world) }
        let first = try await world.cloud.pushEnrollment(
            sn: FaultMatrixWorld.sn, userid: "wangwu", pageType: .fingerprint)
        if !row.moduleInAnotherProcess { world.press("wangwu-right-index", for: first) }
        switch row.point {
        case .beforePush: break
        case .whilePolling:
            try await world.waitForPrompt(first) { $0 == .placeFinger }
            try await row.inject(world)
        case .midCapture:
            try await world.waitForPrompt(first) { $0 == .liftFinger }
            try await row.inject(world)
        case .atProcessing:
            try await world.waitForPrompt(first) { $0 == .processing }
            try await row.inject(world)
        }
        let faulted = await Self.outcome(of: first, in: world)
        var problems: [String] = []
        do {
            try await row.recover(world)
        } catch {
            problems.append("recovery: \(error)")
        }

        let second = try await world.cloud.pushEnrollment(
            sn: FaultMatrixWorld.sn, userid: "zhaoliu", pageType: .fingerprint)
        world.press("zhaoliu-left-thumb", for: second)
        let next = await Self.outcome(of: second, in: world)
        do {
            problems += try await row.check(world, first)
        } catch {
            problems.append("\(error)")
        }

        FaultMatrixLog.shared.record(row: row, observed: faulted, next: next, problems: problems)
        #expect(faulted.errcode == row.expected, "\(row.testDescription): \(faulted.summary)")
        #expect(faulted.inTime, "\(row.testDescription): the cloud saw no result within 60 s: \(faulted.summary)")
        #expect(next.errcode == 0 && next.inTime, "the next enrollment after \(row.fault): \(next.summary)")
        #expect(problems.isEmpty, "\(row.testDescription): \(problems.joined(separator: "; "))")
    }

    /// What the cloud holds for `operID`, or that it is still unanswered after `operationWait`.
    static func outcome(of operID: String, in world: FaultMatrixWorld) async -> Outcome {
        let operation: CloudOperation?
        do {
            operation = try await world.cloud.waitForOperation(operID, timeout: operationWait)
        } catch {
            operation = await world.cloud.operation(operID)
        }
        return Outcome(operation: operation)
    }

    struct Outcome: Sendable {
        let operation: CloudOperation?

        var errcode: Int? { operation?.status == .pending ? nil : operation?.resultErrcode }
        /// Answered, and not judged late by the cloud (more than 60 s after the push).
        var inTime: Bool {
            guard let operation, operation.status != .pending, operation.status != .late else { return false }
            return (operation.elapsedMs ?? .max) <= 60_000
        }
        var observed: String {
            guard let operation, operation.status != .pending else { return "nothing" }
            return "\(operation.resultErrcode.map(String.init) ?? "?") (\(operation.status.rawValue))"
        }
        var time: String {
            guard let elapsed = operation?.elapsedMs, operation?.status != .pending else { return "-" }
            return String(format: "%.1f s", Double(elapsed) / 1000)
        }
        var summary: String {
            "observed \(observed) after \(time)\(operation?.reason.map { ", cloud: \($0)" } ?? "")"
        }
    }
}

/// Collects the rows' results and prints the matrix so far after each row.
final class FaultMatrixLog: Sendable {
    static let shared = FaultMatrixLog()
    static let faultWidth = FaultRow.all.map(\.fault.count).max() ?? 0
    private let lines = Mutex<[String]>([])

    func record(row: FaultRow, observed: FaultMatrixTests.Outcome, next: FaultMatrixTests.Outcome, problems: [String]) {
        let verdict =
            observed.errcode == row.expected && observed.inTime && next.errcode == 0 && next.inTime && problems.isEmpty
            ? "pass" : "FAIL"
        let line = [
            row.fault.padding(toLength: Self.faultWidth, withPad: " ", startingAt: 0),
            row.point.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0),
            String(row.expected).padding(toLength: 8, withPad: " ", startingAt: 0),
            observed.observed.padding(toLength: 16, withPad: " ", startingAt: 0),
            observed.time.padding(toLength: 8, withPad: " ", startingAt: 0),
            "\(next.observed) \(next.time)".padding(toLength: 22, withPad: " ", startingAt: 0),
            verdict + (problems.isEmpty ? "" : ": " + problems.joined(separator: "; ")),
        ].joined(separator: " │ ")
        let all = lines.withLock { lines in
            lines.append(line)
            return lines
        }
        let header = [
            "fault".padding(toLength: Self.faultWidth, withPad: " ", startingAt: 0),
            "point".padding(toLength: 30, withPad: " ", startingAt: 0),
            "expected", "observed".padding(toLength: 16, withPad: " ", startingAt: 0),
            "time".padding(toLength: 8, withPad: " ", startingAt: 0),
            "next enrollment".padding(toLength: 22, withPad: " ", startingAt: 0), "verdict",
        ].joined(separator: " │ ")
        print((["FAULT MATRIX (\(all.count) of \(FaultRow.all.count) rows)", header] + all).joined(separator: "\n"))
    }
}
