import Biometrics
import Foundation
import Testing
import WeComDevice
import WeComDeviceTesting

@testable import WeComCloudSim

/// JPEG-looking bytes (SOI marker, noise, EOI marker) of `count` bytes; distinct per `seed`.
func photoBytes(count: Int = 6_000, seed: UInt32 = 11) -> Data {
    Data([0xFF, 0xD8, 0xFF, 0xE0]) + templateBytes(count: count - 6, seed: seed) + Data([0xFF, 0xD9])
}

/// The face algorithm the photo tests declare and upload with.
let photoTestFaceAlgorithm = AlgorithmID("face-test-v1")

/// A `WeComClient` logged in to a started simulator over a loopback WebSocket, with its pushes.
final class PhotoTestWorld: Sendable {
    let simulator: CloudSimulator
    let wallClock: ManualCloudWallClock
    let client: WeComClient
    /// The simulator's port (for extra raw devices).
    let port: Int
    let fixture = DeviceFixture()
    private let pushQueue: PushQueue
    private let runTask: Task<Void, Never>

    private init(simulator: CloudSimulator, wallClock: ManualCloudWallClock, client: WeComClient, port: Int) {
        self.simulator = simulator
        self.port = port
        self.wallClock = wallClock
        self.client = client
        pushQueue = PushQueue(client.pushes)
        runTask = Task { await client.run() }
    }

    /// Runs `body` with a client that has registered, activated and subscribed (the device is bound first).
    static func run(
        requestTimeout: Duration = .seconds(10), _ body: (PhotoTestWorld) async throws -> Void
    ) async throws {
        try await withSimulator { simulator, port, wallClock in
            let fixture = DeviceFixture()
            try await simulator.bind(sn: fixture.sn)
            let configuration = try WeComClientConfiguration(
                endpoint: URL(string: "ws://127.0.0.1:\(port)/websocket")!, sn: fixture.sn,
                key: .secretNo(fixture.secretNo), firmwareVersion: fixture.firmware,
                faceAlgorithms: [photoTestFaceAlgorithm], requestTimeout: requestTimeout, reconnectJitter: 0)
            let client = WeComClient(
                configuration: configuration, credentials: InMemoryCredentialStore(),
                wallClock: { wallClock.now() }, logger: quietLogger)
            let world = PhotoTestWorld(simulator: simulator, wallClock: wallClock, client: client, port: port)
            for await state in client.states where state == .loggedIn { break }
            do {
                try await body(world)
            } catch {
                await world.stop()
                throw error
            }
            await world.stop()
        }
    }

    /// The next `push_user_face`, skipping other pushes.
    func nextUserFace() async throws -> UserFaceCommand {
        while let push = await pushQueue.next() {
            if case .userFace(let command) = push { return command }
        }
        throw TestDeviceError(description: "push stream ended before push_user_face")
    }

    /// A successful result for `command` with one face template per photo slot.
    func successUpload(_ command: UserFaceCommand, data: (UserFacePhoto) -> Data) throws -> UploadUserInfo {
        UploadUserInfo(
            result: .success(operID: command.operID),
            users: [
                UploadUserEntry(
                    userid: command.userid, userType: command.userType,
                    faces: UploadTemplateSet(
                        algorithm: photoTestFaceAlgorithm,
                        slots: command.photos.map { .store(id: $0.id, data: data($0)) }))
            ])
    }

    private func stop() async {
        runTask.cancel()
        await runTask.value
    }
}

/// Reads a single-consumer push stream from test code.
actor PushQueue {
    private var iterator: AsyncStream<DevicePush>.Iterator
    init(_ stream: AsyncStream<DevicePush>) { iterator = stream.makeAsyncIterator() }

    func next() async -> DevicePush? {
        var local = iterator
        let push = await local.next(isolation: self)
        iterator = local
        return push
    }
}
