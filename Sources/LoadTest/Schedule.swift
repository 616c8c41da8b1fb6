import Foundation
import Stochastics

/// The load test's random numbers: a named GSL stream from Stochastics (the twin's random
/// numbers), so the schedule and the mix repeat exactly for a given seed.
public struct SeededGenerator {
    private let stream: RandomStream

    public init(seed: UInt64, name: String = "loadtest") { stream = RandomStreams(seed: seed).stream(named: name) }

    /// Uniform on (0, 1): never 0, so a logarithm of it is finite.
    public mutating func unitInterval() -> Double { stream.uniformPositive() }

    /// A uniformly drawn whole number (for picking among ids).
    public mutating func next() -> UInt64 { UInt64(stream.integer(below: Int(Int32.max))) }

    /// Exponentially distributed with the given mean.
    public mutating func exponential(mean: Double) -> Double { Distribution.exponential(mean: mean).sample(stream) }
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
