import Testing

@testable import V4L2

@Suite struct FrameSequenceTrackerTests {
    @Test func consecutiveSequencesDropNothing() {
        var tracker = FrameSequenceTracker()
        for sequence in UInt32(10)...20 { #expect(tracker.record(sequence) == 0) }
        #expect(tracker.dropped == 0)
        #expect(tracker.lastSequence == 20)
    }

    @Test func gapsCountMissingFrames() {
        var tracker = FrameSequenceTracker()
        tracker.record(0)
        #expect(tracker.record(1) == 0)
        #expect(tracker.record(4) == 2)
        #expect(tracker.record(5) == 0)
        #expect(tracker.record(15) == 9)
        #expect(tracker.dropped == 11)
    }

    @Test func wrapAroundIsAGapNotARestart() {
        var tracker = FrameSequenceTracker()
        tracker.record(UInt32.max - 1)
        #expect(tracker.record(1) == 2)  // max, 0 lost
        #expect(tracker.restarts == 0)
    }

    @Test func backwardsOrRepeatedSequenceIsARestart() {
        var tracker = FrameSequenceTracker()
        tracker.record(100)
        #expect(tracker.record(3) == 0)
        #expect(tracker.record(3) == 0)
        #expect(tracker.restarts == 2)
        #expect(tracker.dropped == 0)
        #expect(tracker.record(5) == 1)
    }
}
