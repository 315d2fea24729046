/// A timed finger placement: steps of pressing or lifting, repeated. The simulator reads it
/// against its injected clock on every GenImg.
public struct FingerPlacementScript: Sendable {
    /// One phase of the script.
    public enum Step: Sendable {
        /// `finger` rests on the sensor for `duration` (at `quality`, or the finger's own).
        case press(SimulatedFinger, quality: Int? = nil, duration: Duration)
        /// Nothing on the sensor for `duration`.
        case lift(duration: Duration)

        var duration: Duration {
            switch self {
            case .press(_, _, let duration), .lift(let duration): duration
            }
        }
    }

    /// One round of the script.
    public let steps: [Step]
    /// How many rounds run.
    public let repetitions: Int

    /// A script running `steps` `repetitions` times.
    public init(steps: [Step], repetitions: Int = 1) {
        self.steps = steps
        self.repetitions = max(0, repetitions)
    }

    /// Press `finger` for `press`, lift for `lift`, `count` times.
    public static func presses(
        _ finger: SimulatedFinger, quality: Int? = nil, press: Duration, lift: Duration, count: Int
    ) -> FingerPlacementScript {
        FingerPlacementScript(
            steps: [.press(finger, quality: quality, duration: press), .lift(duration: lift)],
            repetitions: count)
    }

    /// Total running time; afterwards the sensor is empty.
    public var totalDuration: Duration {
        steps.reduce(Duration.zero) { $0 + $1.duration } * repetitions
    }

    /// What is on the sensor `elapsed` after the script started; nil when nothing is.
    public func placement(at elapsed: Duration) -> FingerPlacement? {
        guard elapsed >= .zero else { return nil }
        var remaining = elapsed
        for _ in 0..<repetitions {
            for step in steps {
                if remaining < step.duration {
                    if case .press(let finger, let quality, _) = step {
                        return FingerPlacement(finger: finger, quality: quality ?? finger.quality)
                    }
                    return nil
                }
                remaining -= step.duration
            }
        }
        return nil
    }
}

/// A finger on the sensor and the quality of this placement.
public struct FingerPlacement: Sendable, Hashable {
    /// The finger on the sensor.
    public let finger: SimulatedFinger
    public let quality: Int

    /// A placement; quality is clamped to 0-100.
    public init(finger: SimulatedFinger, quality: Int) {
        self.finger = finger
        self.quality = min(100, max(0, quality))
    }
}
