import CGSL
import Stochastics

/// Process capability against specification limits (one-sided when a limit is nil): Cp and Cpk
/// from the within-subgroup σ (R̄/d2, s̄/c4 or MR̄/d2), Pp and Ppk from the overall sample standard
/// deviation, with confidence intervals — χ² for Cp and Pp, Bissell's normal approximation
/// for Cpk and Ppk.
public struct Capability: Sendable, Equatable, Codable {
    public let count: Int
    public let mean: Double
    public let sigmaWithin: Double
    public let sigmaOverall: Double
    public let lowerSpecification: Double?
    public let upperSpecification: Double?
    /// Nil when a specification limit is missing.
    public let cp: Double?
    public let cpk: Double
    public let pp: Double?
    public let ppk: Double
    public let level: Double
    public let cpInterval: ClosedRange<Double>?
    public let cpkInterval: ClosedRange<Double>
    public let ppInterval: ClosedRange<Double>?
    public let ppkInterval: ClosedRange<Double>

    /// Capability of `values` (all observations) given the within-subgroup σ estimated by a chart.
    public init(values: [Double], sigmaWithin: Double, lower: Double?, upper: Double?, level: Double = 0.95) throws(SPCError) {
        guard values.count >= 2 else { throw SPCError("capability needs at least 2 values, got \(values.count)") }
        try ShewhartCharts.finite(values)
        guard lower != nil || upper != nil else { throw SPCError("capability needs at least one specification limit") }
        if let lower, !lower.isFinite { throw SPCError("the lower specification limit must be a finite number, got \(lower)") }
        if let upper, !upper.isFinite { throw SPCError("the upper specification limit must be a finite number, got \(upper)") }
        if let lower, let upper, lower >= upper { throw SPCError("the lower specification limit \(lower) must lie below the upper \(upper)") }
        guard sigmaWithin > 0, sigmaWithin.isFinite else { throw SPCError("within-subgroup sigma must be positive, got \(sigmaWithin)") }
        guard level > 0, level < 1 else { throw SPCError("confidence level must lie in (0, 1), got \(level)") }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let overall = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        guard mean.isFinite, overall.isFinite else { throw SPCError("the values are too large to summarise (mean \(mean), sigma \(overall))") }
        guard overall > 0 else { throw SPCError("all values are equal: the overall sigma is zero") }
        func potential(_ sigma: Double) -> Double? { (lower != nil && upper != nil) ? (upper! - lower!) / (6 * sigma) : nil }
        func performance(_ sigma: Double) -> Double {
            [upper.map { ($0 - mean) / (3 * sigma) }, lower.map { (mean - $0) / (3 * sigma) }].compactMap { $0 }.min()!
        }
        count = values.count
        self.mean = mean
        self.sigmaWithin = sigmaWithin
        sigmaOverall = overall
        lowerSpecification = lower
        upperSpecification = upper
        cp = potential(sigmaWithin)
        cpk = performance(sigmaWithin)
        pp = potential(overall)
        ppk = performance(overall)
        for index in [cp, cpk, pp, ppk].compactMap({ $0 }) where !index.isFinite {
            throw SPCError("a capability index is not finite (\(index)): check the values and limits")
        }
        self.level = level
        let alpha = 1 - level
        let degrees = n - 1
        func chiSquare(_ index: Double?) -> ClosedRange<Double>? {
            guard let index else { return nil }
            let low = index * (gsl_cdf_chisq_Pinv(alpha / 2, degrees) / degrees).squareRoot()
            let high = index * (gsl_cdf_chisq_Pinv(1 - alpha / 2, degrees) / degrees).squareRoot()
            return low...high
        }
        func bissell(_ index: Double) -> ClosedRange<Double> {
            let half = gsl_cdf_ugaussian_Pinv(1 - alpha / 2) * (1 / (9 * n) + index * index / (2 * degrees)).squareRoot()
            return (index - half)...(index + half)
        }
        cpInterval = chiSquare(cp)
        ppInterval = chiSquare(pp)
        cpkInterval = bissell(cpk)
        ppkInterval = bissell(ppk)
    }
}
