import Foundation

/// Shewhart charts. Limits come from a baseline period (frozen limits, the usual practice once
/// a process is in control) or from all the data (recomputed), as the caller chooses.
public enum ShewhartCharts {
    /// Which subgroups the limits are computed from.
    public enum Limits: Sendable, Equatable {
        /// Every subgroup.
        case recomputed
        /// Subgroups in this range only; later points are judged against them.
        case frozen(baseline: Range<Int>)

        func select<T>(_ values: [T]) throws(SPCError) -> ArraySlice<T> {
            switch self {
            case .recomputed: return values[...]
            case .frozen(let baseline):
                guard baseline.lowerBound >= 0, baseline.upperBound <= values.count, baseline.count >= 2 else {
                    throw SPCError("baseline \(baseline) must hold at least 2 of the \(values.count) subgroups")
                }
                return values[baseline]
            }
        }
    }

    /// X̄ and R charts with σ̂ within = R̄/d2.
    public struct Variables: Sendable, Equatable {
        public let location: ControlChart
        public let dispersion: ControlChart
        public let sigmaWithin: Double
        public let grandMean: Double
    }

    public static func xbarR(_ subgroups: [[Double]], limits: Limits = .recomputed) throws(SPCError) -> Variables {
        let n = try subgroupSize(subgroups)
        let constants = try ControlChartConstants.forSubgroup(size: n)
        let means = subgroups.map { $0.reduce(0, +) / Double(n) }
        let ranges = subgroups.map { $0.max()! - $0.min()! }
        let baseMeans = try limits.select(means), baseRanges = try limits.select(ranges)
        let grand = baseMeans.reduce(0, +) / Double(baseMeans.count)
        let rBar = baseRanges.reduce(0, +) / Double(baseRanges.count)
        let xbarLimits = ControlLimits(center: grand, upper: grand + constants.a2 * rBar, lower: grand - constants.a2 * rBar)
        let rLimits = ControlLimits(center: rBar, upper: constants.d4Limit * rBar, lower: constants.d3Limit * rBar)
        return Variables(
            location: ControlChart(kind: .xbar, points: means, limits: Array(repeating: xbarLimits, count: means.count)),
            dispersion: ControlChart(kind: .range, points: ranges, limits: Array(repeating: rLimits, count: ranges.count)),
            sigmaWithin: rBar / constants.d2, grandMean: grand)
    }

    /// X̄ and S charts with σ̂ within = s̄/c4.
    public static func xbarS(_ subgroups: [[Double]], limits: Limits = .recomputed) throws(SPCError) -> Variables {
        let n = try subgroupSize(subgroups)
        let constants = try ControlChartConstants.forSubgroup(size: n)
        let means = subgroups.map { $0.reduce(0, +) / Double(n) }
        let deviations = zip(subgroups, means).map { values, mean in
            (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
        }
        let baseMeans = try limits.select(means), baseDeviations = try limits.select(deviations)
        let grand = baseMeans.reduce(0, +) / Double(baseMeans.count)
        let sBar = baseDeviations.reduce(0, +) / Double(baseDeviations.count)
        let xbarLimits = ControlLimits(center: grand, upper: grand + constants.a3 * sBar, lower: grand - constants.a3 * sBar)
        let sLimits = ControlLimits(center: sBar, upper: constants.b4 * sBar, lower: constants.b3 * sBar)
        return Variables(
            location: ControlChart(kind: .xbar, points: means, limits: Array(repeating: xbarLimits, count: means.count)),
            dispersion: ControlChart(kind: .standardDeviation, points: deviations, limits: Array(repeating: sLimits, count: deviations.count)),
            sigmaWithin: sBar / constants.c4, grandMean: grand)
    }

    /// Individuals and moving-range charts with σ̂ within = MR̄/d2(2).
    public static func individuals(_ values: [Double], limits: Limits = .recomputed) throws(SPCError) -> Variables {
        guard values.count >= 2 else { throw SPCError("an individuals chart needs at least 2 values, got \(values.count)") }
        try finite(values)
        let d2 = try ControlChartConstants.forSubgroup(size: 2)
        let movingRanges = zip(values.dropFirst(), values).map { abs($0 - $1) }
        let baseValues = try limits.select(values)
        let mean = baseValues.reduce(0, +) / Double(baseValues.count)
        let baseRanges: ArraySlice<Double>
        switch limits {
        case .recomputed: baseRanges = movingRanges[...]
        case .frozen(let baseline): baseRanges = movingRanges[baseline.lowerBound..<(baseline.upperBound - 1)]
        }
        let mrBar = baseRanges.reduce(0, +) / Double(baseRanges.count)
        let sigma = mrBar / d2.d2
        let iLimits = ControlLimits(center: mean, sigma: sigma)
        let mrLimits = ControlLimits(center: mrBar, upper: d2.d4Limit * mrBar, lower: 0)
        return Variables(
            location: ControlChart(kind: .individuals, points: values, limits: Array(repeating: iLimits, count: values.count)),
            // The first value has no moving range; the chart starts at the second.
            dispersion: ControlChart(kind: .movingRange, points: movingRanges, limits: Array(repeating: mrLimits, count: movingRanges.count)),
            sigmaWithin: sigma, grandMean: mean)
    }

    /// p chart: fraction defective per subgroup, limits p̄ ± 3√(p̄(1−p̄)/nᵢ) per subgroup size.
    public static func p(defectives: [Int], sampleSizes: [Int], limits: Limits = .recomputed) throws(SPCError) -> ControlChart {
        try attributes(defectives, sampleSizes)
        let pairs = try limits.select(Array(zip(defectives, sampleSizes)))
        let pBar = Double(pairs.reduce(0) { $0 + $1.0 }) / Double(pairs.reduce(0) { $0 + $1.1 })
        let points = zip(defectives, sampleSizes).map { Double($0) / Double($1) }
        let chartLimits = sampleSizes.map { ControlLimits(center: pBar, sigma: (pBar * (1 - pBar) / Double($0)).squareRoot(), floor: 0) }
        return ControlChart(kind: .p, points: points, limits: chartLimits)
    }

    /// np chart: number defective in subgroups of one size n, limits np̄ ± 3√(np̄(1−p̄)).
    public static func np(defectives: [Int], sampleSize n: Int, limits: Limits = .recomputed) throws(SPCError) -> ControlChart {
        try attributes(defectives, Array(repeating: n, count: defectives.count))
        let base = try limits.select(defectives)
        let pBar = Double(base.reduce(0, +)) / Double(base.count * n)
        let chartLimits = ControlLimits(center: Double(n) * pBar, sigma: (Double(n) * pBar * (1 - pBar)).squareRoot(), floor: 0)
        return ControlChart(kind: .np, points: defectives.map(Double.init), limits: Array(repeating: chartLimits, count: defectives.count))
    }

    /// c chart: defects per inspection unit, limits c̄ ± 3√c̄.
    public static func c(counts: [Int], limits: Limits = .recomputed) throws(SPCError) -> ControlChart {
        guard counts.count >= 2, counts.allSatisfy({ $0 >= 0 }) else { throw SPCError("a c chart needs at least 2 non-negative counts") }
        let base = try limits.select(counts)
        let cBar = Double(base.reduce(0, +)) / Double(base.count)
        let chartLimits = ControlLimits(center: cBar, sigma: cBar.squareRoot(), floor: 0)
        return ControlChart(kind: .c, points: counts.map(Double.init), limits: Array(repeating: chartLimits, count: counts.count))
    }

    /// u chart: defects per unit with varying numbers of units, limits ū ± 3√(ū/nᵢ).
    public static func u(counts: [Int], units: [Double], limits: Limits = .recomputed) throws(SPCError) -> ControlChart {
        guard counts.count == units.count, counts.count >= 2, counts.allSatisfy({ $0 >= 0 }), units.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw SPCError("a u chart needs matching non-negative counts and positive unit numbers, at least 2 of each")
        }
        let pairs = try limits.select(Array(zip(counts, units)))
        let uBar = Double(pairs.reduce(0) { $0 + $1.0 }) / pairs.reduce(0) { $0 + $1.1 }
        let points = zip(counts, units).map { Double($0) / $1 }
        return ControlChart(kind: .u, points: points, limits: units.map { ControlLimits(center: uBar, sigma: (uBar / $0).squareRoot(), floor: 0) })
    }

    static func subgroupSize(_ subgroups: [[Double]]) throws(SPCError) -> Int {
        guard subgroups.count >= 2 else { throw SPCError("a chart needs at least 2 subgroups, got \(subgroups.count)") }
        let n = subgroups[0].count
        for (index, subgroup) in subgroups.enumerated() {
            guard subgroup.count == n else { throw SPCError("subgroup \(index) has \(subgroup.count) values; the first has \(n)") }
            try finite(subgroup)
        }
        return n
    }

    static func finite(_ values: [Double]) throws(SPCError) {
        if let bad = values.firstIndex(where: { !$0.isFinite }) { throw SPCError("value \(bad) is not a finite number: \(values[bad])") }
    }

    static func attributes(_ defectives: [Int], _ sizes: [Int]) throws(SPCError) {
        guard defectives.count == sizes.count, defectives.count >= 2 else { throw SPCError("one sample size per subgroup, at least 2 subgroups") }
        for (index, (d, n)) in zip(defectives, sizes).enumerated() where n <= 0 || d < 0 || d > n {
            throw SPCError("subgroup \(index): \(d) defectives in a sample of \(n)")
        }
    }
}
