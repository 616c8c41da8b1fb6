import CGSL

/// A two-sided confidence interval for a mean, from independent observations such as
/// replication means or batch means.
public struct ConfidenceInterval: Sendable, Equatable, CustomStringConvertible {
    public let mean: Double
    public let halfWidth: Double
    public let level: Double
    public let count: Int

    public var lower: Double { mean - halfWidth }
    public var upper: Double { mean + halfWidth }

    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    /// Half-width relative to the mean, the usual stopping criterion for replications.
    public var relativeHalfWidth: Double { halfWidth / Swift.abs(mean) }

    public var description: String {
        "\(mean) ± \(halfWidth) (\(Int((level * 100).rounded()))% CI, n=\(count))"
    }

    /// The Student-t interval mean ± t(1 − α/2, n − 1)·s/√n, which is exact for normal
    /// observations and what simulation practice uses for replication means.
    public static func studentT(_ values: [Double], level: Double = 0.95) throws(StatisticsError) -> ConfidenceInterval {
        guard level > 0 && level < 1 else { throw StatisticsError("a confidence level must lie in (0, 1), got \(level)") }
        guard values.count >= 2 else {
            throw StatisticsError("a confidence interval needs at least two independent observations, got \(values.count)")
        }
        let sample = try SampleStatistics(values)
        let t = studentTQuantile(probability: (1 + level) / 2, degreesOfFreedom: values.count - 1)
        return ConfidenceInterval(
            mean: sample.mean, halfWidth: t * sample.standardDeviation / Double(values.count).squareRoot(),
            level: level, count: values.count)
    }

    /// GSL's inverse CDF of Student's t distribution.
    public static func studentTQuantile(probability: Double, degreesOfFreedom: Int) -> Double {
        gsl_cdf_tdist_Pinv(probability, Double(degreesOfFreedom))
    }
}
