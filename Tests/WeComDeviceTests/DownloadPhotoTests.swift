import Foundation
import Testing
import WeComDevice

/// `downloadPhoto` over the in-memory transport: the cloud answers with binary frames (spec §3.3).
@Suite(.timeLimit(.minutes(5))) struct DownloadPhotoTests {
    private let stored = DeviceCredentials(activeCode: "AC", secret: "S")
    private let photo = Data(
        [0xFF, 0xD8, 0xFF, 0xE0] + (0..<2_000).map { UInt8(truncatingIfNeeded: $0 &* 31) } + [0xFF, 0xD9])

    /// A logged-in session, a pending `downloadPhoto(mediaID:)` and the request the cloud received.
    private func startDownload(
        _ harness: SessionHarness, mediaID: String = "media-1"
    ) async throws -> (CloudConnection, Task<Data, any Error>, RequestEnvelope) {
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        let client = harness.client
        let download = Task { try await client.downloadPhoto(mediaID: mediaID) }
        let request = try await cloud.expect("download_photo")
        return (cloud, download, request)
    }

    @Test func requestCarriesMediaIDAndFormatVersionAndTheBinaryFrameAnswersIt() async throws {
        let harness = try SessionHarness(credentials: stored)
        let (cloud, download, request) = try await startDownload(harness, mediaID: "media-42")
        #expect(request.body == ["media_id": "media-42", "format_version": 1])
        #expect(!request.reqID.isEmpty)
        cloud.endpoint.sendBinary(PhotoFrame(reqID: request.reqID, data: photo).encoded())
        #expect(try await download.value == photo)
        #expect(await harness.client.state == .loggedIn)
        await harness.stop()
    }

    @Test func errorResponseBecomesACloudError() async throws {
        let harness = try SessionHarness(credentials: stored)
        let (cloud, download, request) = try await startDownload(harness)
        cloud.reply(to: request, errcode: 600126, errmsg: "media_id \"media-1\" is unknown or expired")
        await #expect(
            throws: WeComError.cloudError(
                cmd: "download_photo", errcode: 600126, errmsg: "media_id \"media-1\" is unknown or expired")
        ) { try await download.value }
        #expect(await harness.client.state == .loggedIn)
        await harness.stop()
    }

    @Test func jsonSuccessDoesNotSettleTheDownloadTheBinaryFrameDoes() async throws {
        let harness = try SessionHarness(credentials: stored)
        let (cloud, download, request) = try await startDownload(harness)
        cloud.reply(to: request)
        await settle()
        cloud.endpoint.sendBinary(PhotoFrame(reqID: request.reqID, data: photo).encoded())
        #expect(try await download.value == photo)
        await harness.stop()
    }

    @Test func unmatchedAndHeaderlessFramesAreIgnoredAndTheSessionLivesOn() async throws {
        let harness = try SessionHarness(credentials: stored)
        let (cloud, download, request) = try await startDownload(harness)
        cloud.endpoint.sendBinary(PhotoFrame(reqID: "someone-else", data: Data([1, 2, 3])).encoded())
        cloud.endpoint.sendBinary(PhotoFrame(reqID: request.reqID, data: Data([9])).encoded(formatVersion: 2))
        cloud.endpoint.sendBinary(Data([1, 0]))
        cloud.endpoint.sendBinary(Data())
        await settle()
        #expect(await harness.client.state == .loggedIn)
        cloud.endpoint.sendBinary(PhotoFrame(reqID: request.reqID, data: photo).encoded())
        #expect(try await download.value == photo)

        // Text requests still work on the same socket afterwards.
        let client = harness.client
        let version = Task { try await client.send(GetPermVersion()) }
        let versionRequest = try await cloud.expect("get_perm_version")
        cloud.reply(to: versionRequest, body: ["perm_version": 3])
        #expect(try await version.value == 3)
        await harness.stop()
    }

    @Test func malformedFrameNamingTheRequestFailsItWithTheParseError() async throws {
        let harness = try SessionHarness(credentials: stored)
        let (cloud, download, request) = try await startDownload(harness)
        var truncated = PhotoFrame(reqID: request.reqID, data: photo).encoded()
        truncated.removeLast(100)
        cloud.endpoint.sendBinary(truncated)
        let headerBytes = 12 + request.reqID.utf8.count
        await #expect(
            throws: WeComError.invalidPhotoFrame(
                reqID: request.reqID,
                .truncated(field: "data", offset: headerBytes, needed: photo.count, available: photo.count - 100))
        ) { try await download.value }
        #expect(await harness.client.state == .loggedIn)
        await harness.stop()
    }

    @Test func trailingBytesFailTheRequest() async throws {
        let harness = try SessionHarness(credentials: stored)
        let (cloud, download, request) = try await startDownload(harness)
        cloud.endpoint.sendBinary(PhotoFrame(reqID: request.reqID, data: photo).encoded() + Data([0, 0]))
        await #expect(throws: WeComError.invalidPhotoFrame(reqID: request.reqID, .trailingBytes(count: 2))) {
            try await download.value
        }
        await harness.stop()
    }

    @Test func photoAboveTheConfiguredLimitIsRefused() async throws {
        let harness = try SessionHarness(credentials: stored, maxPhotoBytes: 1_000)
        let (cloud, download, request) = try await startDownload(harness)
        cloud.endpoint.sendBinary(PhotoFrame(reqID: request.reqID, data: photo).encoded())
        await #expect(
            throws: WeComError.invalidPhotoFrame(
                reqID: request.reqID, .dataTooLarge(declared: UInt32(photo.count), limit: 1_000))
        ) { try await download.value }
        await harness.stop()
    }

    @Test func binaryFrameForATextRequestIsIgnored() async throws {
        let harness = try SessionHarness(credentials: stored)
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        let client = harness.client
        let version = Task { try await client.send(GetPermVersion()) }
        let request = try await cloud.expect("get_perm_version")
        cloud.endpoint.sendBinary(PhotoFrame(reqID: request.reqID, data: photo).encoded())
        await settle()
        cloud.reply(to: request, body: ["perm_version": 5])
        #expect(try await version.value == 5)
        await harness.stop()
    }

    @Test func downloadTimesOutLikeOtherRequests() async throws {
        let harness = try SessionHarness(credentials: stored)
        let (cloud, download, request) = try await startDownload(harness)
        await harness.clock.advance(by: .milliseconds(9_900))
        await settle()
        await harness.clock.advance(by: .milliseconds(100))
        await #expect(throws: WeComError.timeout(cmd: "download_photo", reqID: request.reqID)) {
            try await download.value
        }
        cloud.endpoint.sendBinary(PhotoFrame(reqID: request.reqID, data: photo).encoded())  // late: dropped
        await settle()
        #expect(await harness.client.state == .loggedIn)
        await harness.stop()
    }

    @Test func pendingDownloadFailsWhenTheSocketDrops() async throws {
        let harness = try SessionHarness(credentials: stored)
        let (cloud, download, _) = try await startDownload(harness)
        cloud.drop()
        await #expect(throws: WeComError.connectionLost(cmd: "download_photo")) { try await download.value }
        await harness.stop()
    }

    @Test func refusedBeforeSending() async throws {
        let harness = try SessionHarness(credentials: stored)
        await #expect(throws: WeComError.notConnected) { try await harness.client.downloadPhoto(mediaID: "m") }
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        await #expect(
            throws: WeComError.invalidRequest(cmd: "download_photo", reason: "media_id: expected a non-empty string")
        ) { try await harness.client.downloadPhoto(mediaID: "") }
        await settle()
        #expect(await cloud.bufferedCount == 0)
        await harness.stop()
    }

    @Test func photoLimitIsValidated() throws {
        let endpoint = URL(string: "ws://127.0.0.1:9000")!
        for bad in [0, -1, WeComClientConfiguration.photoLimitCeiling + 1] {
            #expect(throws: WeComConfigurationError.photoLimitOutOfRange(bad)) {
                try WeComClientConfiguration(
                    endpoint: endpoint, sn: "SN", key: .secretNo("K"), firmwareVersion: "1", maxPhotoBytes: bad)
            }
        }
        let configuration = try WeComClientConfiguration(
            endpoint: endpoint, sn: "SN", key: .secretNo("K"), firmwareVersion: "1")
        #expect(configuration.maxPhotoBytes == WeComClientConfiguration.photoLimitCeiling)
        #expect(WeComConfigurationError.photoLimitOutOfRange(0).description.hasPrefix("maxPhotoBytes: expected"))
    }
}
