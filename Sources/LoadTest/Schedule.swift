import Foundation

/// A small, fast, seedable random number generator (SplitMix64): the schedule and the mix
/// repeat exactly for a given seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on (0, 1]: never 0, so a logarithm of it is finite.
    public mutating func unitInterval() -> Double { (Double(next() >> 11) + 1) / 9_007_199_254_740_992.0 }

    /// Exponentially distributed with the given mean.
    public mutating func exponential(mean: Double) -> Double { -mean * Foundation.log(unitInterval()) }
}

/// How the open loop spaces its intended send times.
public enum ArrivalProcess: String, Sendable, Codable, CaseIterable {
    /// Exactly 1/rate apart.
    case constant
    /// Exponentially distributed gaps with mean 1/rate (a Poisson process), from the seed.
    case poisson

    /// The gap to the next intended send time, in seconds.
    public func gap(rate: Double, _ generator: inout SeededGenerator) -> Double {
        switch self {
        case .constant: 1 / rate
        case .poisson: generator.exponential(mean: 1 / rate)
        }
    }

    /// The intended send times (seconds after the start) within `duration`: what the open loop follows.
    public func schedule(rate: Double, duration: Double, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        var times: [Double] = []
        times.reserveCapacity(Int(rate * duration * 1.1) + 16)
        var time = 0.0
        while time < duration {
            times.append(time)
            time += gap(rate: rate, &generator)
        }
        return times
    }
}
