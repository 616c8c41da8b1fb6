extension Distribution {
    /// The name used in plant and scenario files.
    public var typeName: String {
        switch self {
        case .constant: "constant"
        case .exponential: "exponential"
        case .normal: "normal"
        case .truncatedNormal: "truncated_normal"
        case .lognormal: "lognormal"
        case .weibull: "weibull"
        case .gamma: "gamma"
        case .erlang: "erlang"
        case .triangular: "triangular"
        case .uniform: "uniform"
        case .beta: "beta"
        case .poisson: "poisson"
        case .bernoulli: "bernoulli"
        case .binomial: "binomial"
        case .empirical: "empirical"
        }
    }

    /// An empirical distribution from observed data.
    public static func empirical(data: [Double], continuous: Bool = false) throws(DistributionError) -> Distribution {
        let distribution = Distribution.empirical(EmpiricalData(sortedValues: data.sorted(), continuous: continuous))
        try distribution.validate()
        return distribution
    }

    /// Checks that the parameters describe a proper distribution; the error names the
    /// parameter, its value and what it must satisfy.
    public func validate() throws(DistributionError) {
        let name = typeName
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(DistributionError) {
            if !condition { throw DistributionError(name, message()) }
        }
        func finite(_ label: String, _ value: Double) throws(DistributionError) {
            try require(value.isFinite, "\(label) must be a finite number, got \(value)")
        }
        func positive(_ label: String, _ value: Double) throws(DistributionError) {
            try finite(label, value)
            try require(value > 0, "\(label) must be greater than 0, got \(value)")
        }
        func probability(_ value: Double) throws(DistributionError) {
            try require(value.isFinite && value >= 0 && value <= 1, "p must lie in [0, 1], got \(value)")
        }
        switch self {
        case .constant(let value):
            try finite("value", value)
        case .exponential(let mean):
            try positive("mean", mean)
        case .normal(let mean, let sd):
            try finite("mean", mean)
            try positive("sd", sd)
        case .truncatedNormal(let mean, let sd, let min, let max):
            try finite("mean", mean)
            try positive("sd", sd)
            try require(!min.isNaN && !max.isNaN, "min and max must be numbers")
            try require(min < max, "min (\(min)) must be less than max (\(max))")
            try require(Self.normalMass((min - mean) / sd, (max - mean) / sd) > 1e-300,
                        "[\(min), \(max)] holds no probability mass of normal(\(mean), \(sd))")
        case .lognormal(let mean, let sd):
            try positive("mean", mean)
            try positive("sd", sd)
        case .weibull(let shape, let scale), .gamma(let shape, let scale):
            try positive("shape", shape)
            try positive("scale", scale)
        case .erlang(let phases, let mean):
            try require(phases >= 1, "phases must be at least 1, got \(phases)")
            try positive("mean", mean)
        case .triangular(let min, let mode, let max):
            try finite("min", min)
            try finite("mode", mode)
            try finite("max", max)
            try require(min < max, "min (\(min)) must be less than max (\(max))")
            try require(min <= mode && mode <= max, "mode (\(mode)) must lie in [min, max] = [\(min), \(max)]")
        case .uniform(let min, let max):
            try finite("min", min)
            try finite("max", max)
            try require(min < max, "min (\(min)) must be less than max (\(max))")
        case .beta(let alpha, let beta, let min, let max):
            try positive("alpha", alpha)
            try positive("beta", beta)
            try finite("min", min)
            try finite("max", max)
            try require(min < max, "min (\(min)) must be less than max (\(max))")
        case .poisson(let mean):
            try positive("mean", mean)
        case .bernoulli(let p):
            try probability(p)
        case .binomial(let trials, let p):
            try require(trials >= 0 && trials <= Int(UInt32.max), "trials must be between 0 and \(UInt32.max), got \(trials)")
            try probability(p)
        case .empirical(let data):
            try require(!data.sortedValues.isEmpty, "data must hold at least one value")
            if let bad = data.sortedValues.first(where: { !$0.isFinite }) {
                throw DistributionError(name, "data must hold finite numbers only, found \(bad)")
            }
            try require(!data.continuous || data.sortedValues.count >= 2, "continuous interpolation needs at least two values")
        }
    }
}
