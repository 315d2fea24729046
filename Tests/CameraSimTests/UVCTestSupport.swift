import Biometrics
import CameraSim
import ClockTesting
import Imaging
import Testing
import UVCCamera
import V4L2

/// A testbed with one camera, for async tests of the V4L2 layer and the UVC driver.
struct UVCSimBench {
    let testbed: CameraTestbed
    let camera: SimulatedCamera

    /// Runs `body` against a fresh camera; the body must stop its streams (every fd closed) before returning.
    static func run<C: Clock<Duration>>(
        clock: C, configuration: CameraConfiguration = CameraConfiguration(),
        source: any CameraFrameSource = MovingGradientSource(width: 160, height: 120),
        _ body: (UVCSimBench) async throws -> Void
    ) async throws {
        let testbed = try CameraTestbed(clock: clock)
        defer { testbed.shutDown() }
        let camera = try testbed.addCamera(configuration: configuration, source: source)
        try await body(UVCSimBench(testbed: testbed, camera: camera))
    }
}

/// Runs `operation` while a ticker advances `clock` by one frame interval of `camera` every `period`,
/// starting after `delay` so that the operation is already waiting when the first frame is due.
func whileTicking<R>(
    _ clock: ManualClock, _ camera: SimulatedCamera, every period: Duration = .milliseconds(15),
    after delay: Duration = .milliseconds(60), _ operation: () async throws -> R
) async throws -> R {
    let ticker = Task {
        try? await Task.sleep(for: delay)
        while !Task.isCancelled {
            clock.advance(by: camera.frameInterval)
            try? await Task.sleep(for: period)
        }
    }
    defer { ticker.cancel() }
    return try await operation()
}

/// Runs `body` with a driver for `camera`, closing the driver (and its fd) afterwards, even on failure.
func withDriver(
    _ configuration: UVCCameraConfiguration, _ body: (UVCCameraDriver) async throws -> Void
) async throws {
    let driver = UVCCameraDriver(configuration: configuration)
    do {
        try await body(driver)
    } catch {
        await driver.close()
        throw error
    }
    await driver.close()
}

/// A textured image (16×16 blocks of pseudo-random levels 60...179): sharp, mid-grey, never dark.
func texturedImage(width: Int = 160, height: Int = 120) throws -> CameraImage {
    var pixels = [UInt8](repeating: 0, count: width * height)
    for y in 0..<height {
        for x in 0..<width {
            var hash = UInt32(truncatingIfNeeded: (x / 16) &* 73_856_093 ^ (y / 16) &* 19_349_663)
            hash = (hash ^ (hash >> 13)) &* 0x5bd1_e995
            pixels[y * width + x] = UInt8(60 + Int(hash >> 8) % 120)
        }
    }
    return try CameraImage(width: width, height: height, pixels: pixels)
}

/// Mean absolute difference between two equally sized byte arrays.
func meanAbsoluteDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
    precondition(a.count == b.count)
    let total = zip(a, b).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
    return Double(total) / Double(max(1, a.count))
}

/// Calls `next` until it throws, at most `limit` times: frames captured just before an unplug may still be
/// delivered, so the fault is the first error, not necessarily the first call's. Nil when nothing threw.
func firstFault(limit: Int = 10, _ next: () async throws(FaceCameraError) -> Void) async -> FaceCameraError? {
    for _ in 0..<limit {
        do throws(FaceCameraError) {
            try await next()
        } catch {
            return error
        }
    }
    return nil
}
