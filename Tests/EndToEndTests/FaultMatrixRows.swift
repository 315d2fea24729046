import FingerprintModuleSim
import Foundation
import Testing
import WeComCloudSim

/// Where in the first enrollment a row's fault strikes.
enum InjectionPoint: String, Sendable {
    /// Before the push (the cloud's faults act when the upload comes).
    case beforePush = "before the push"
    /// While the terminal waits for the first press.
    case whilePolling = "while polling for the finger"
    /// After the first press was accepted, before the second.
    case midCapture = "mid-capture (after press 1)"
    /// At the "Processing" prompt: template, duplicate check and commit, just before the upload.
    case atProcessing = "at commit, before the upload"
}

/// One row of the fault matrix: a fault injected at a point of an enrollment, the errcode the cloud
/// must see for that enrollment within its minute, and how the world is put right before the next
/// enrollment, which must succeed.
struct FaultRow: Sendable, CustomTestStringConvertible {
    typealias Step = @Sendable (FaultMatrixWorld) async throws -> Void
    typealias Check = @Sendable (FaultMatrixWorld, _ operID: String) async throws -> [String]

    let fault: String
    let point: InjectionPoint
    /// The errcode the cloud must receive for the faulted enrollment.
    let expected: Int
    var moduleInAnotherProcess = false
    var setUp: Step = { _ in }
    let inject: Step
    var recover: Step = { _ in }
    /// Further requirements of the row, checked after the next enrollment; each problem is a line.
    var check: Check = { _, _ in [] }

    var testDescription: String { "\(fault) \(point.rawValue)" }
}

extension FaultRow {
    /// Device fault (设备故障).
    static let deviceFault = 110

    static let all: [FaultRow] = module + cloud + [diskFull]

    static let module: [FaultRow] = [
        FaultRow(
            fault: "module unplugged", point: .midCapture, expected: deviceFault,
            inject: { await $0.unplugModule() }, recover: { try $0.plugModule() }),
        FaultRow(
            fault: "module stalls (answers nothing)", point: .midCapture, expected: deviceFault,
            inject: { $0.module.inject(.stopAnswering) }, recover: { $0.module.clearFaults() }),
        FaultRow(
            fault: "module sends line noise before a reply", point: .midCapture, expected: 0,
            inject: { $0.module.inject(.prependGarbage([0x13, 0x37, 0x00, 0xEF, 0x55, 0xAA, 0xFF])) }),
        // Noise that happens to hold the header's EF 01: the false packet is corrupt like one with a bad
        // checksum, and is handled the same way (the command is asked again).
        FaultRow(
            fault: "module sends noise with a false header (EF 01) before a reply", point: .midCapture, expected: 0,
            inject: { $0.module.inject(.prependGarbage([0x13, 0x37, 0xEF, 0x01, 0x55, 0xAA, 0x00])) }),
        FaultRow(
            fault: "module reply with a bad checksum", point: .midCapture, expected: 0,
            inject: { $0.module.inject(.corruptNextChecksum) }),
        FaultRow(
            fault: "module reply never comes (timeout)", point: .midCapture, expected: 0,
            inject: { $0.module.inject(.dropNextReply) }),
        FaultRow(
            fault: "module process killed (kill -9)", point: .whilePolling, expected: deviceFault,
            moduleInAnotherProcess: true,
            inject: { await $0.killModuleProcess() }, recover: { try $0.plugModule() }),
    ]

    static let cloud: [FaultRow] = [
        FaultRow(
            fault: "cloud drops the connection before the upload", point: .midCapture, expected: 0,
            inject: { try await $0.cloud.dropConnection(sn: FaultMatrixWorld.sn) },
            recover: { try await $0.waitForReconnect() }),
        FaultRow(
            fault: "cloud drops the connection during the upload (not applied)", point: .beforePush, expected: 0,
            inject: { try await $0.cloud.setFaults(CloudFaults(nextUploadConnection: .dropBeforeApplying)) },
            recover: { try await $0.waitForReconnect() }, check: deliveredOnce),
        FaultRow(
            fault: "cloud drops the connection after applying the upload", point: .beforePush, expected: 0,
            inject: { try await $0.cloud.setFaults(CloudFaults(nextUploadConnection: .dropAfterApplying)) },
            recover: { try await $0.waitForReconnect() }, check: deliveredOnce),
        FaultRow(
            fault: "cloud turns silent (no answers, close unanswered)", point: .midCapture, expected: 0,
            inject: { try await $0.cloud.silence(sn: FaultMatrixWorld.sn) },
            recover: { try await $0.waitForReconnect() }, check: deliveredOnce),
        FaultRow(
            fault: "cloud answers 3 s late", point: .beforePush, expected: 0,
            inject: { try await $0.cloud.setFaults(CloudFaults(delayResponsesMs: 3000)) },
            recover: { try await $0.cloud.setFaults(CloudFaults()) }),
        FaultRow(
            fault: "answer lost, re-send answered 600123", point: .beforePush, expected: 0,
            inject: { try await $0.cloud.setFaults(CloudFaults(nextUploadConnection: .swallowAnswer)) },
            check: deliveredOnce),
        FaultRow(
            fault: "whole batch refused (600124) for one bad row", point: .beforePush, expected: 0,
            setUp: { world in
                try world.seedBacklog("poison", byte: 1)
                try world.seedBacklog("lisi", byte: 2)
                try await world.cloud.setFaults(CloudFaults(refuseUploadsNaming: ["poison": 600124]))
            },
            inject: { _ in }, check: backlogDelivered),
        FaultRow(
            fault: "partial fail_list", point: .beforePush, expected: 0,
            setUp: { world in
                try world.seedBacklog("poison", byte: 1)
                try world.seedBacklog("lisi", byte: 2)
                try await world.cloud.setFaults(CloudFaults(failUsers: ["poison"]))
            },
            inject: { _ in }, check: backlogDelivered),
    ]

    static let diskFull = FaultRow(
        fault: "disk full at commit", point: .midCapture, expected: deviceFault,
        inject: { world in world.diskFull.set(true) },
        recover: { world in world.diskFull.set(false) },
        check: { world, _ in
            // The failed commit left nothing half-written: no template of the faulted member, no outbox row of it.
            let templates = try world.store.templates(userid: .init("wangwu"))
            let rows = try world.store.listOutbox().filter { $0.userid.rawValue == "wangwu" }
            return (templates.isEmpty ? [] : ["\(templates.count) template(s) of wangwu after the failed commit"])
                + (rows.isEmpty ? [] : ["\(rows.count) outbox row(s) of wangwu after the failed commit"])
        })

    /// The faulted enrollment's template reaches the cloud and the outbox empties, with at most one
    /// 600123 for its oper_id (an answered oper_id is delivered, not retried).
    static let deliveredOnce: Check = { world, operID in
        try await world.waitUntil("the outbox empties") { try world.store.outboxCount() == 0 }
        var problems: [String] = []
        if await world.cloud.storedTemplates(userid: "wangwu").isEmpty {
            problems.append("wangwu's template is not in the cloud")
        }
        let answered = await world.uploads(of: operID).filter { $0.errcode == 600123 }.count
        if answered > 1 {
            problems.append("\(answered) uploads of \(operID) answered 600123 (re-sent after it was spent)")
        }
        return problems
    }

    /// The valid backlog row batched with a refused one still reaches the cloud.
    static let backlogDelivered: Check = { world, _ in
        do {
            try await world.waitUntil("lisi's backlog template reaches the cloud") {
                await !world.cloud.storedTemplates(userid: "lisi").isEmpty
            }
            return []
        } catch {
            return ["lisi's valid backlog template never reached the cloud (batched with poison's refused row)"]
        }
    }
}
