import CameraSim
import Foundation
import Testing
import WeComCloudSim

extension CameraSimTier2Tests {
    /// The camera rows of issue 13's fault matrix (tier 2: the daemon's composition on the real
    /// ioctl/mmap path of a simulated UVC camera; the other rows are in EndToEndTests/FaultMatrixTests).
    /// Each row injects a camera fault before a face push, asserts the errcode the cloud receives for
    /// it within the minute and that the next face enrollment succeeds, and prints its matrix line.
    @Suite("fault matrix: camera rows")
    struct FaultMatrixCameraTests {
        struct Row: Sendable, CustomTestStringConvertible {
            let fault: String
            let expected: Int
            let configuration: CameraConfiguration
            let inject: @Sendable (SimulatedCamera) -> Void

            var testDescription: String { fault }
        }

        static let mjpeg = CameraConfiguration(
            formats: [.mjpeg],
            frameSizes: [CameraFrameSize(width: 640, height: 480), CameraFrameSize(width: 320, height: 240)],
            jpegEncoder: TurboJPEGFrameEncoder())

        static let rows: [Row] = [
            Row(
                fault: "camera EIO on a frame's dequeue", expected: 0, configuration: CameraConfiguration(),
                inject: { $0.inject(.ioErrorOnNextDequeue) }),
            Row(
                fault: "camera ENODEV on a frame's dequeue", expected: 110, configuration: CameraConfiguration(),
                inject: { $0.inject(.noDeviceOnNextDequeue) }),
            Row(
                fault: "camera sends a corrupt MJPEG frame", expected: 0, configuration: mjpeg,
                inject: { $0.inject(.corruptNextJPEG) }),
            Row(
                fault: "camera drops 5 frames", expected: 0, configuration: CameraConfiguration(),
                inject: { $0.inject(.dropFrames(5)) }),
        ]

        @Test("camera fault matrix row", arguments: rows)
        func row(_ row: Row) async throws {
            try await UVCSimBench.run(
                clock: ContinuousClock(), configuration: row.configuration,
                source: StillFrameSource(try texturedImage())
            ) { bench in
                try await TerminalWithCameraTests.withTerminal(bench) { running in
                    row.inject(bench.camera)
                    let faulted = try await Self.enroll(running.cloud)
                    #expect(!bench.camera.hasPendingOneShotFault, "\(row.fault): the fault never struck the capture")
                    // At once: the terminal's release of the camera after the faulted enrollment must not
                    // close it under the next one.
                    let next = try await Self.enroll(running.cloud)
                    let line = [
                        row.fault.padding(toLength: 40, withPad: " ", startingAt: 0),
                        "expected \(row.expected)", "observed \(Self.describe(faulted))",
                        "next \(Self.describe(next))",
                    ].joined(separator: " │ ")
                    print("FAULT MATRIX (camera) │ \(line)")
                    #expect(faulted.resultErrcode == row.expected, "\(row.fault): \(Self.describe(faulted))")
                    #expect(Self.inTime(faulted), "\(row.fault): no result within 60 s: \(Self.describe(faulted))")
                    #expect(next.resultErrcode == 0 && Self.inTime(next), "next: \(Self.describe(next))")
                }
            }
        }

        static func enroll(_ cloud: CloudSimulator) async throws -> CloudOperation {
            let operID = try await cloud.pushEnrollment(sn: "CAM-E2E", userid: "sunba", pageType: .face)
            do {
                return try await cloud.waitForOperation(operID, timeout: .seconds(75))
            } catch {
                return try #require(await cloud.operation(operID))
            }
        }

        static func inTime(_ operation: CloudOperation) -> Bool {
            operation.status != .pending && operation.status != .late && (operation.elapsedMs ?? .max) <= 60_000
        }

        static func describe(_ operation: CloudOperation) -> String {
            guard operation.status != .pending else { return "nothing (pending)" }
            let time = operation.elapsedMs.map { String(format: "%.1f s", Double($0) / 1000) } ?? "-"
            let message = operation.resultErrmsg.map { " \($0)" } ?? ""
            return
                "\(operation.resultErrcode.map(String.init) ?? "?")\(message) (\(operation.status.rawValue)) in \(time)"
        }
    }
}
