/// Material quantities are decimal amounts held in binary floating point; comparisons allow for
/// the rounding of a few additions and subtractions so that a lot can be drawn to exactly zero.
public enum Quantity {
    public static let tolerance = 1e-9
    /// The largest amount one command may carry (any unit): far beyond any shop's stock, small
    /// enough that no sum of amounts overflows.
    public static let maximum = 1e12

    /// Whether `amount` fits in `available`, up to rounding.
    public static func fits(_ amount: Double, in available: Double) -> Bool {
        amount <= available + tolerance * Swift.max(1, abs(available))
    }

    /// A remainder within rounding of zero is zero.
    public static func clamped(_ remainder: Double) -> Double {
        abs(remainder) < tolerance ? 0 : remainder
    }
}
