import Biometrics
import Testing
import UVCCamera
import V4L2

extension VividTests {
    /// `UVCCameraDriver` against vivid: format choice among the dozens vivid offers, a frame, reopen,
    /// and a camera that vanishes and comes back (an unbind, as on unplug, then a module reload).
    @Suite struct UVCCameraTests {
        @Test func opensGreyAtVGAWithinTheRateRangeAndDeliversAFrame() async throws {
            let path = try Vivid.devicePath()
            let driver = UVCCameraDriver(configuration: UVCCameraConfiguration(devicePath: path))
            do {
                let mode = try await driver.open()
                #expect(mode.pixelFormat == .grey, "GREY is preferred over YUYV and vivid offers both")
                #expect(mode.size == V4L2Size(width: 640, height: 480))
                #expect(mode.bytesPerLine == 640)
                // 640x480 offers up to 25 fps: the fastest rate within 15...30.
                #expect(mode.frameInterval?.framesPerSecond == 25)
                // No exposure controls on vivid: reported, not fatal.
                #expect(await driver.exposure == .unavailable)
                let frame = try await driver.nextGrayFrame()
                #expect(frame.width == 640 && frame.height == 480)
                #expect(frame.pixels.count >= 640 * 480)
                // The colour bars come out as several grey levels.
                #expect(Set(frame.pixels.prefix(640)).count > 3)
                #expect(await driver.statistics.delivered == 1)
                let device = try V4L2Device(path: path)
                defer { device.close() }
                #expect(try device.format().pixelFormat == .grey, "the driver's choice is set on the device")
            } catch {
                await driver.close()
                throw error
            }
            await driver.close()
        }

        @Test func closeThenTheNextFrameReopens() async throws {
            let driver = UVCCameraDriver(configuration: UVCCameraConfiguration(devicePath: try Vivid.devicePath()))
            do {
                _ = try await driver.nextGrayFrame()
                await driver.close()
                #expect(await driver.isOpen == false)
                let frame = try await driver.nextGrayFrame()
                #expect(frame.width == 640)
                #expect(await driver.statistics.reopens == 1)
                #expect(await driver.isOpen)
            } catch {
                await driver.close()
                throw error
            }
            await driver.close()
        }

        @Test func aCameraUnpluggedIsAFaultUntilTheDriverIsBackThenItReopens() async throws {
            let path = try Vivid.devicePath()
            let driver = UVCCameraDriver(configuration: UVCCameraConfiguration(devicePath: path))
            do {
                _ = try await driver.nextGrayFrame()
                // The driver unbound from the device, as on a USB unplug: the node goes away.
                try Vivid.unbind()
                await #expect(throws: FaceCameraError.self) {
                    for _ in 0..<1000 { _ = try await driver.nextGrayFrame() }
                }
                #expect(await driver.isOpen == false, "the lost stream was torn down")
                await #expect(throws: FaceCameraError.self, "reopening a vanished node fails") {
                    _ = try await driver.nextGrayFrame()
                }
                // No handle left open: the module unloads, and comes back.
                try await Vivid.reload()
                #expect(try Vivid.devicePath() == path)
                let frame = try await driver.nextGrayFrame()
                #expect(frame.width == 640 && frame.height == 480)
                #expect(await driver.statistics.reopens == 1)
            } catch {
                await driver.close()
                if (try? Vivid.devicePath()) == nil { try? await Vivid.reload() }
                throw error
            }
            await driver.close()
        }
    }
}
