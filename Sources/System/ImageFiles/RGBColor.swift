/// An 8-bit RGB colour for drawing.
public struct RGBColor: Sendable, Hashable {
    /// Red, 0-255.
    public var red: UInt8
    /// Green, 0-255.
    public var green: UInt8
    /// Blue, 0-255.
    public var blue: UInt8

    /// The colour with these components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A grey with all three components equal to `value`.
    public init(gray value: UInt8) {
        self.init(red: value, green: value, blue: value)
    }

    /// (0, 0, 0).
    public static let black = RGBColor(gray: 0)
    /// (255, 255, 255).
    public static let white = RGBColor(gray: 255)
    /// (255, 0, 0).
    public static let red = RGBColor(red: 255, green: 0, blue: 0)
    /// (0, 200, 0): readable on white and on fingerprint ridges.
    public static let green = RGBColor(red: 0, green: 200, blue: 0)
    /// (0, 64, 255).
    public static let blue = RGBColor(red: 0, green: 64, blue: 255)
    /// (255, 220, 0).
    public static let yellow = RGBColor(red: 255, green: 220, blue: 0)
    /// (0, 220, 220).
    public static let cyan = RGBColor(red: 0, green: 220, blue: 220)
    /// (230, 0, 230).
    public static let magenta = RGBColor(red: 230, green: 0, blue: 230)
    /// (255, 140, 0).
    public static let orange = RGBColor(red: 255, green: 140, blue: 0)
}
