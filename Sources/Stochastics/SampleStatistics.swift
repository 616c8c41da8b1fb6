import CGSL

/// Descriptive statistics of a finite sample, computed by GSL.
public struct SampleStatistics: Sendable, Equatable {
    /// The observations in ascending order.
    public let sorted: [Double]

    /// Fails on an empty sample or one holding NaN, since no statistic of it would mean anything.
    public init(_ values: [Double]) throws(StatisticsError) {
        guard !values.isEmpty else { throw StatisticsError("a sample needs at least one observation") }
        if values.contains(where: \.isNaN) { throw StatisticsError("the sample holds NaN") }
        sorted = values.sorted()
    }

    public var count: Int { sorted.count }
    public var mean: Double { sorted.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) } }

    /// Sample variance (n − 1 denominator); zero for a single observation.
    public var variance: Double {
        count < 2 ? 0 : sorted.withUnsafeBufferPointer { gsl_stats_variance($0.baseAddress, 1, $0.count) }
    }
    public var standardDeviation: Double { variance.squareRoot() }
    public var min: Double { sorted[0] }
    public var max: Double { sorted[count - 1] }

    /// The `p`-quantile by linear interpolation between order statistics at (n − 1)·p
    /// (GSL's definition, R's type 7).
    public func quantile(_ p: Double) throws(StatisticsError) -> Double {
        guard p >= 0 && p <= 1 else { throw StatisticsError("a quantile's probability must lie in [0, 1], got \(p)") }
        return sorted.withUnsafeBufferPointer { gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p) }
    }

    public var median: Double { sorted.withUnsafeBufferPointer { gsl_stats_median_from_sorted_data($0.baseAddress, 1, $0.count) } }
}

/// A statistic asked of data that cannot give it.
public struct StatisticsError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
