import V4L2

/// Pure choices made while negotiating a capture mode, from what the device offers.
public enum CaptureModeSelection {
    /// Formats in order of preference: GREY (IR cameras), YUYV (luma is free), MJPEG (needs decoding).
    public static let preferredFormats: [V4L2FourCC] = [.grey, .yuyv, .mjpeg]

    /// The most preferred of `offered`, nil when none is usable.
    public static func format(offered: [V4L2FourCC]) -> V4L2FourCC? {
        preferredFormats.first { offered.contains($0) }
    }

    /// The offered size nearest `target` (sum of width and height differences; ties go to the larger).
    public static func size(from sizes: V4L2FrameSizes, nearest target: V4L2Size) -> V4L2Size? {
        switch sizes {
        case .discrete(let list):
            return list.min { lhs, rhs in
                let (l, r) = (distance(lhs, target), distance(rhs, target))
                return l != r ? l < r : lhs.width * lhs.height > rhs.width * rhs.height
            }
        case .continuous(let min, let max):
            return V4L2Size(
                width: clamp(target.width, min.width, max.width, step: 1),
                height: clamp(target.height, min.height, max.height, step: 1))
        case .stepwise(let min, let max, let step):
            return V4L2Size(
                width: clamp(target.width, min.width, max.width, step: step.width),
                height: clamp(target.height, min.height, max.height, step: step.height))
        }
    }

    /// The offered interval whose rate lies in `range` and is closest to `preferred` fps; when none lies in
    /// `range`, the one closest to `preferred`. Nil when nothing is offered.
    public static func interval(
        from intervals: V4L2FrameIntervals, framesPerSecond range: ClosedRange<Double>, preferred: Double
    ) -> V4L2Fraction? {
        switch intervals {
        case .discrete(let list):
            let rated = list.compactMap { fraction in fraction.framesPerSecond.map { (fraction, $0) } }
            let inRange = rated.filter { range.contains($0.1) }
            let pool = inRange.isEmpty ? rated : inRange
            return pool.min { abs($0.1 - preferred) < abs($1.1 - preferred) }?.0
        case .continuous(let min, let max), .stepwise(let min, let max, _):
            // Intervals are seconds per frame: the shortest interval is the highest rate.
            guard let fastest = min.framesPerSecond, let slowest = max.framesPerSecond else { return nil }
            let rate = Swift.min(Swift.max(preferred, slowest), fastest)
            return V4L2Fraction.interval(framesPerSecond: UInt32(rate.rounded()))
        }
    }

    private static func distance(_ a: V4L2Size, _ b: V4L2Size) -> Int {
        abs(Int(a.width) - Int(b.width)) + abs(Int(a.height) - Int(b.height))
    }

    private static func clamp(_ value: UInt32, _ low: UInt32, _ high: UInt32, step: UInt32) -> UInt32 {
        let bounded = Swift.min(Swift.max(value, low), high)
        guard step > 1 else { return bounded }
        let steps = (bounded - low + step / 2) / step
        return Swift.min(low + steps * step, high)
    }
}
