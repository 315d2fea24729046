/// Turns a source image into the bytes of a negotiated format and size (the simulated camera's frames,
/// and the frames `terminal-sim loopback-camera` writes into a v4l2loopback device).
public enum FrameRenderer {
    public static func render(
        _ image: CameraImage, as format: CameraPixelFormat, size: CameraFrameSize,
        encoder: (any CameraJPEGEncoder)?
    ) -> [UInt8] {
        let scaled = image.resized(to: size)
        switch format {
        case .grey:
            return scaled.pixels
        case .yuyv:
            var out = [UInt8](repeating: 128, count: scaled.pixels.count * 2)
            for (index, luma) in scaled.pixels.enumerated() { out[index * 2] = luma }
            return out
        case .mjpeg:
            return encoder?.encodeJPEG(scaled) ?? []
        }
    }

    /// A broken JPEG: the first half, with bytes in its second quarter inverted and no EOI marker.
    static func corrupt(_ jpeg: [UInt8]) -> [UInt8] {
        var broken = Array(jpeg.prefix(max(2, jpeg.count / 2)))
        for index in stride(from: broken.count / 2, to: broken.count, by: 3) { broken[index] ^= 0xFF }
        return broken
    }
}
