import Foundation
import Testing

extension VividTests {
    /// `attendctl camera` as a process against vivid: what an installer runs on a new terminal.
    @Suite struct AttendctlCameraTests {
        static let attendctl = VividShell.product("attendctl")

        @Test func listNamesVividAndWhyTheLoopbackIsSkipped() async throws {
            let path = try Vivid.devicePath()
            let result = try await VividShell.run(Self.attendctl, ["camera", "list"])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("\(path)  driver vivid"), "\(result.output)")
            #expect(result.output.contains("bus platform:vivid-000"), "\(result.output)")
            if FileManager.default.fileExists(atPath: "/dev/video10") {
                #expect(result.output.contains("skipped /dev/video10"), "\(result.output)")
            }
        }

        @Test func formatsShowsSizesRatesAndControls() async throws {
            let path = try Vivid.devicePath()
            let result = try await VividShell.run(Self.attendctl, ["camera", "formats", "--device", path])
            #expect(result.status == 0, "\(result.output)")
            for line in [
                "GREY \"8-bit Greyscale\"", "640x480: 1 fps, 2 fps, 4 fps, 5 fps, 10 fps, 12.5 fps, 15 fps, 25 fps",
                "Brightness (0x980900, integer): 0...255 step 1, default 128",
            ] {
                #expect(result.output.contains(line), "no '\(line)' in \(result.output.prefix(2000))")
            }
        }

        @Test func captureWritesAPNG() async throws {
            let path = try Vivid.devicePath()
            let png = NSTemporaryDirectory() + "vivid-\(getpid()).png"
            defer { try? FileManager.default.removeItem(atPath: png) }
            let result = try await VividShell.run(
                Self.attendctl,
                ["camera", "capture", "--device", path, "--format", "grey", "--size", "320x180", "--png", png])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("GREY 320x180"), "\(result.output)")
            let data = try Data(contentsOf: URL(fileURLWithPath: png))
            #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            #expect(data.count > 1000)
        }

        @Test func streamReportsDeliveredFramesAndDrops() async throws {
            let path = try Vivid.devicePath()
            let result = try await VividShell.run(
                Self.attendctl,
                [
                    "camera", "stream", "--device", path, "--format", "grey", "--size", "320x180", "--fps", "30",
                    "--seconds", "2",
                ])
            #expect(result.status == 0, "\(result.output)")
            let delivered = result.output.split(separator: "\n").first { $0.hasPrefix("delivered ") }
            let count = delivered.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
            #expect(count >= 10, "\(result.output)")
            #expect(result.output.contains("dropped "), "\(result.output)")
        }

        @Test func aSizeTheDriverCannotDeliverIsRefusedNamingTheOffer() async throws {
            let path = try Vivid.devicePath()
            let result = try await VividShell.run(
                Self.attendctl,
                ["camera", "capture", "--device", path, "--format", "grey", "--size", "333x222", "--png", "/tmp/x.png"])
            #expect(result.status != 0)
            #expect(result.output.contains("cannot deliver --size 333x222 in GREY"), "\(result.output)")
            #expect(result.output.contains("driver chose 320x180"), "\(result.output)")
        }
    }
}
