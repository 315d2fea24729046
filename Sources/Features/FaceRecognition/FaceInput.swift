import CDlibFace
import Imaging

/// A frame to analyse: grey (IR camera) or colour.
public enum FaceInput: Sendable, Equatable {
    /// An 8-bit grey frame (IR camera, PGM).
    case gray(GrayFrame)
    /// An interleaved RGB frame (colour camera, JPEG).
    case rgb(RGBFrame)

    /// Width in pixels.
    public var width: Int {
        switch self {
        case .gray(let frame): frame.width
        case .rgb(let frame): frame.width
        }
    }

    /// Height in pixels.
    public var height: Int {
        switch self {
        case .gray(let frame): frame.height
        case .rgb(let frame): frame.height
        }
    }

    /// Lends the pixels to C as a `cdlib_face_image`, valid only inside `body`.
    func withCImage<R>(_ body: (cdlib_face_image) -> R) -> R {
        switch self {
        case .gray(let frame):
            frame.pixels.withUnsafeBufferPointer { pixels in
                body(
                    cdlib_face_image(
                        pixels: pixels.baseAddress, width: Int32(frame.width), height: Int32(frame.height),
                        stride: Int32(frame.stride), format: CDLIB_FACE_GREY))
            }
        case .rgb(let frame):
            frame.pixels.withUnsafeBufferPointer { pixels in
                body(
                    cdlib_face_image(
                        pixels: pixels.baseAddress, width: Int32(frame.width), height: Int32(frame.height),
                        stride: Int32(frame.stride), format: CDLIB_FACE_RGB))
            }
        }
    }
}
