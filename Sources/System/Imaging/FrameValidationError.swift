/// A frame or raw-buffer description was rejected; names the field, the value given and what was expected.
public struct FrameValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The part of the frame description that was wrong.
    public enum Field: String, Sendable {
        case width, height, stride, pixels
        /// The raw source's bytes-per-line (V4L2 `bytesperline`).
        case bytesPerLine
        /// The raw source buffer's length.
        case sourceLength
    }

    /// Which field was wrong.
    public let field: Field
    /// The value that was given.
    public let value: Int
    /// What a valid value would have been, in words.
    public let expected: String

    /// Creates an error for `field` having `value` where `expected` was required.
    public init(field: Field, value: Int, expected: String) {
        self.field = field
        self.value = value
        self.expected = expected
    }

    public var description: String { "invalid \(field.rawValue) \(value): expected \(expected)" }
}

/// Largest width or height any frame may have; keeps every size product far from overflow.
public let maximumFrameDimension = 16_384

func validateDimensions(width: Int, height: Int) throws(FrameValidationError) {
    let range = 1...maximumFrameDimension
    guard range.contains(width) else {
        throw FrameValidationError(field: .width, value: width, expected: "1...\(maximumFrameDimension)")
    }
    guard range.contains(height) else {
        throw FrameValidationError(field: .height, value: height, expected: "1...\(maximumFrameDimension)")
    }
}
