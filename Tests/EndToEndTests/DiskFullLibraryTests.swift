import Biometrics
import Foundation
import Testing
import WeComCloudSim

/// Issue 13, bullet 7: "a failed commit leaves store and module library consistent". The duplicate
/// check keeps the store's fingerprint templates in the module's flash library (`ZFMLibrarySearcher`);
/// a template whose commit failed on a full disk must not be there as a candidate, so the same finger
/// enrolled later for another member is not refused 105 because of it.
@Suite("End to end: disk full at commit leaves the module library as the store", .serialized)
struct DiskFullLibraryTests {
    @Test("after the failed commit the library holds only stored templates; the finger enrolls for another member")
    func libraryFollowsTheStore() async throws {
        let world = try await FaultMatrixWorld()
        defer { Task { await world.stop() } }
        try await world.startTerminal()

        // A stored candidate, so that the duplicate checks below fill the library.
        #expect(try await enroll(world, "zhaoliu", finger: "zhaoliu-left-thumb") == 0)

        // wangwu's commit fails as on a full disk, after the duplicate check put the candidates in the library.
        let failed = try await world.cloud.pushEnrollment(
            sn: FaultMatrixWorld.sn, userid: "wangwu", pageType: .fingerprint)
        world.press("wangwu-right-index", for: failed)
        try await world.waitForPrompt(failed) { $0 == .liftFinger }
        world.diskFull.set(true)
        let faulted = try await world.cloud.waitForOperation(failed, timeout: FaultMatrixTests.operationWait)
        world.diskFull.set(false)
        #expect(faulted.resultErrcode == 110, "\(faulted)")
        #expect(try world.store.templates(userid: UserID("wangwu")).isEmpty)
        let afterFailure = try libraryMismatch(world)
        #expect(afterFailure.isEmpty, "\(afterFailure)")
        #expect(try libraryPages(world).count == 1, "the library holds zhaoliu's template and nothing else")

        // The finger whose commit failed is nobody's: lisi enrolls it.
        #expect(try await enroll(world, "lisi", finger: "wangwu-right-index") == 0)
        // Now it is lisi's, and the same check refuses it for a third member (the check does find it).
        #expect(try await enroll(world, "poison", finger: "wangwu-right-index") == 105)
        let atEnd = try libraryMismatch(world)
        #expect(atEnd.isEmpty, "\(atEnd)")
    }

    /// Pushes an enrollment of `userid`, presses `finger` on its prompts, returns the errcode the cloud gets.
    private func enroll(_ world: FaultMatrixWorld, _ userid: String, finger: String) async throws -> Int? {
        let operID = try await world.cloud.pushEnrollment(
            sn: FaultMatrixWorld.sn, userid: userid, pageType: .fingerprint)
        world.press(finger, for: operID)
        return try await world.cloud.waitForOperation(operID, timeout: FaultMatrixTests.operationWait).resultErrcode
    }

    /// The templates on the module's library pages.
    private func libraryPages(_ world: FaultMatrixWorld) throws -> [Int: Data] {
        var pages: [Int: Data] = [:]
        for page in 0..<world.module.systemParameters.librarySize {
            if let stored = world.module.storedTemplate(page: page) { pages[page] = Data(stored) }
        }
        return pages
    }

    /// Library pages holding a template the store does not hold, one line each.
    private func libraryMismatch(_ world: FaultMatrixWorld) throws -> [String] {
        let stored = Set(
            try world.store.templates(modality: .fingerprint, algorithm: .zfmModule, excluding: nil).map(
                \.template.data))
        return try libraryPages(world).sorted { $0.key < $1.key }.compactMap { page, data in
            stored.contains(data)
                ? nil : "library page \(page) holds a template the store does not (\(data.count) bytes)"
        }
    }
}
