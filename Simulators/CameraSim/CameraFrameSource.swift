/// Produces the scene the simulated camera sees: frame `index` counts from 0 at each STREAMON
/// (it equals the V4L2 sequence number of the buffer that carries it).
public protocol CameraFrameSource: Sendable {
    /// The grey image for frame `index`, at the source's own size (the camera scales it).
    func frame(at index: Int) -> CameraImage
}

/// The same image in every frame.
public struct StillFrameSource: CameraFrameSource {
    /// The image shown.
    public let image: CameraImage

    /// A source that always shows `image`.
    public init(_ image: CameraImage) { self.image = image }

    public func frame(at index: Int) -> CameraImage { image }
}

/// A list of images shown one per frame, looping.
public struct SequenceFrameSource: CameraFrameSource {
    /// The images, in order.
    public let images: [CameraImage]

    /// Shows `images` in order, then starts again; fails when the list is empty.
    public init(_ images: [CameraImage]) throws(CameraSimError) {
        guard !images.isEmpty else { throw .emptySequence("SequenceFrameSource") }
        self.images = images
    }

    public func frame(at index: Int) -> CameraImage { images[index % images.count] }
}

/// A diagonal grey gradient that moves `step` levels per frame: each frame differs from the last.
public struct MovingGradientSource: CameraFrameSource {
    /// Frame width.
    public let width: Int
    /// Frame height.
    public let height: Int
    /// How many grey levels the gradient shifts per frame.
    public let step: Int

    /// A `width` × `height` moving gradient.
    public init(width: Int = 320, height: Int = 240, step: Int = 7) {
        self.width = max(1, width)
        self.height = max(1, height)
        self.step = step
    }

    public func frame(at index: Int) -> CameraImage {
        var pixels = [UInt8](repeating: 0, count: width * height)
        let shift = index &* step
        for y in 0..<height {
            for x in 0..<width { pixels[y * width + x] = UInt8(truncatingIfNeeded: x + y + shift) }
        }
        return CameraImage(unchecked: width, height: height, pixels: pixels)
    }
}

/// Another source with every `period`-th frame (frames `phase`, `phase + period`, …) all black:
/// an IR illuminator strobing off.
public struct StrobedFrameSource: CameraFrameSource {
    /// The lit scene.
    public let base: any CameraFrameSource
    /// Every how many frames one is dark (2 = every other frame).
    public let period: Int
    /// Which frame of each period is dark.
    public let phase: Int

    /// Darkens frame `phase` of every `period` frames of `base`.
    public init(_ base: any CameraFrameSource, period: Int = 2, phase: Int = 1) {
        self.base = base
        self.period = max(1, period)
        self.phase = ((phase % max(1, period)) + max(1, period)) % max(1, period)
    }

    public func frame(at index: Int) -> CameraImage {
        let lit = base.frame(at: index)
        guard index % period == phase else { return lit }
        return .uniform(width: lit.width, height: lit.height, level: 0)
    }
}
