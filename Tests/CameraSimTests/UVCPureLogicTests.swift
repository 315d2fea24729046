import Biometrics
import Foundation
import Imaging
import Testing
import UVCCamera
import V4L2

/// Negotiation choices and the quality gate: pure logic, no simulator needed.
@Suite struct UVCPureLogicTests {
    @Test func formatPreferenceIsGreyThenYUYVThenMJPEG() {
        #expect(CaptureModeSelection.format(offered: [.mjpeg, .yuyv, .grey]) == .grey)
        #expect(CaptureModeSelection.format(offered: [.mjpeg, .yuyv]) == .yuyv)
        #expect(CaptureModeSelection.format(offered: [.mjpeg]) == .mjpeg)
        #expect(CaptureModeSelection.format(offered: [V4L2FourCC("NV12")!]) == nil)
    }

    @Test func theOfferedSizeNearestVGAIsChosen() {
        let target = V4L2Size(width: 640, height: 480)
        let discrete = V4L2FrameSizes.discrete([
            V4L2Size(width: 320, height: 240), V4L2Size(width: 1280, height: 720), V4L2Size(width: 800, height: 600),
        ])
        #expect(CaptureModeSelection.size(from: discrete, nearest: target) == V4L2Size(width: 800, height: 600))
        #expect(CaptureModeSelection.size(from: .discrete([]), nearest: target) == nil)
        let stepwise = V4L2FrameSizes.stepwise(
            min: V4L2Size(width: 100, height: 100), max: V4L2Size(width: 500, height: 1000),
            step: V4L2Size(width: 16, height: 16))
        // Width clamps to 500 is off-step, so it rounds to 100 + 25·16 = 500; height 480 → 100 + 24·16 = 484.
        #expect(CaptureModeSelection.size(from: stepwise, nearest: target) == V4L2Size(width: 500, height: 484))
    }

    @Test func theRateInRangeClosestToThePreferenceIsChosen() {
        let discrete = V4L2FrameIntervals.discrete([5, 15, 60].map { V4L2Fraction.interval(framesPerSecond: $0) })
        #expect(
            CaptureModeSelection.interval(from: discrete, framesPerSecond: 15...30, preferred: 30)
                == .interval(framesPerSecond: 15))
        let outOfRange = V4L2FrameIntervals.discrete([5, 40].map { V4L2Fraction.interval(framesPerSecond: $0) })
        #expect(
            CaptureModeSelection.interval(from: outOfRange, framesPerSecond: 15...30, preferred: 30)
                == .interval(framesPerSecond: 40))
        let continuous = V4L2FrameIntervals.continuous(
            min: .interval(framesPerSecond: 20), max: .interval(framesPerSecond: 2))
        #expect(
            CaptureModeSelection.interval(from: continuous, framesPerSecond: 15...30, preferred: 30)
                == .interval(framesPerSecond: 20))
    }
}
