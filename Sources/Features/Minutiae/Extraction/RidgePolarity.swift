/// Which grey level the ridges of a finger image have.
public enum RidgePolarity: Sendable, Hashable, CaseIterable {
    /// Decide from the image: the background around the print is assumed to be valley-coloured.
    case automatic
    /// Dark ridges on a light background (optical and most capacitive sensors).
    case darkRidges
    /// Light ridges on a dark background (an inverted image).
    case lightRidges
}
