/// Brightness of a greyscale frame from one pass over its pixels into a 256-bin histogram (no per-pixel allocation).
public struct BrightnessStatistics: Sendable, Equatable {
    /// Mean pixel value, 0...255.
    public let mean: Double
    /// Smallest value at or below which 99 % of pixels lie.
    public let percentile99: UInt8
    /// Largest pixel value.
    public let maximum: UInt8

    /// Measures `frame`; an empty frame measures as all zeros.
    public init(_ frame: GrayFrame) {
        let total = frame.width * frame.height
        guard total > 0 else {
            mean = 0
            percentile99 = 0
            maximum = 0
            return
        }
        var sum = 0
        var p99: UInt8 = 0
        var top: UInt8 = 0
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { histogram in
            histogram.initialize(repeating: 0)
            frame.pixels.withUnsafeBufferPointer { pixels in
                for y in 0..<frame.height {
                    let row = y * frame.stride
                    for x in 0..<frame.width {
                        histogram[Int(pixels[row + x])] += 1
                    }
                }
            }
            // Smallest v with count(≤ v) ≥ 0.99·total, in integers: 100·count ≥ 99·total.
            var cumulative = 0
            var found = false
            for value in 0..<256 {
                let count = histogram[value]
                sum += value * count
                cumulative += count
                if !found, 100 * cumulative >= 99 * total {
                    p99 = UInt8(value)
                    found = true
                }
                if count > 0 { top = UInt8(value) }
            }
        }
        mean = Double(sum) / Double(total)
        percentile99 = p99
        maximum = top
    }
}

/// Decides whether a frame is an IR-strobe black frame: both its mean and its 99th percentile are under thresholds.
public struct DarkFrameDetector: Sendable, Equatable {
    /// A frame is dark only if its mean is below this.
    public var meanBelow: Double
    /// …and its 99th percentile is below this (so a dim frame with a lit face is not "dark").
    public var percentile99Below: UInt8

    /// Creates a detector; the defaults suit 8-bit IR frames whose strobe-off frames sit near sensor black level.
    public init(meanBelow: Double = 16, percentile99Below: UInt8 = 40) {
        self.meanBelow = meanBelow
        self.percentile99Below = percentile99Below
    }

    /// True if `frame` is dark.
    public func isDark(_ frame: GrayFrame) -> Bool {
        isDark(BrightnessStatistics(frame))
    }

    /// True if already-measured statistics describe a dark frame.
    public func isDark(_ statistics: BrightnessStatistics) -> Bool {
        statistics.mean < meanBelow && statistics.percentile99 < percentile99Below
    }
}
