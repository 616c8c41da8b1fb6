/// Running count, mean, variance, minimum and maximum of observations in constant memory:
/// what a simulation records per part without keeping the parts.
///
/// Sums are kept relative to the first observation (the shifted-data algorithm), which is as
/// stable as Welford's update for simulation outputs but needs no division per observation.
public struct Tally: Sendable, Equatable {
    @usableFromInline var observations = 0
    @usableFromInline var shift = 0.0
    @usableFromInline var shiftedSum = 0.0
    @usableFromInline var shiftedSumOfSquares = 0.0
    @usableFromInline var smallest = Double.infinity
    @usableFromInline var largest = -Double.infinity

    public init() {}

    @inlinable
    public mutating func record(_ value: Double) {
        if observations == 0 { shift = value }
        let d = value - shift
        shiftedSum += d
        shiftedSumOfSquares += d * d
        observations += 1
        if value < smallest { smallest = value }
        if value > largest { largest = value }
    }

    public var count: Int { observations }
    public var mean: Double { observations > 0 ? shift + shiftedSum / Double(observations) : 0 }
    /// Smallest observation (+∞ before the first).
    public var min: Double { smallest }
    /// Largest observation (−∞ before the first).
    public var max: Double { largest }

    /// Sample variance (n − 1 denominator); zero for fewer than two observations.
    public var variance: Double {
        guard observations > 1 else { return 0 }
        let n = Double(observations)
        return Swift.max(0, (shiftedSumOfSquares - shiftedSum * shiftedSum / n) / (n - 1))
    }
    public var standardDeviation: Double { variance.squareRoot() }
    public var sum: Double { shift * Double(observations) + shiftedSum }

    public mutating func reset() { self = Tally() }
}
