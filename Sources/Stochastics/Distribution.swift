import CGSL
import Foundation

/// A probability distribution of the kind manufacturing models use for cycle times, repair
/// times, arrivals, counts and yields. Construct through the validating factories (or decode
/// from a YAML/JSON description); the cases themselves hold already-validated parameters.
public enum Distribution: Sendable, Equatable {
    case constant(Double)
    case exponential(mean: Double)
    case normal(mean: Double, sd: Double)
    /// Normal(mean, sd) conditioned on [min, max]; `mean`/`sd` are the parent's parameters.
    case truncatedNormal(mean: Double, sd: Double, min: Double, max: Double)
    /// Parameterised by the mean and standard deviation of the variate itself, not of its logarithm.
    case lognormal(mean: Double, sd: Double)
    case weibull(shape: Double, scale: Double)
    case gamma(shape: Double, scale: Double)
    /// Sum of `phases` exponentials whose total mean is `mean`.
    case erlang(phases: Int, mean: Double)
    case triangular(min: Double, mode: Double, max: Double)
    case uniform(min: Double, max: Double)
    /// Beta(alpha, beta) rescaled to [min, max].
    case beta(alpha: Double, beta: Double, min: Double, max: Double)
    case poisson(mean: Double)
    case bernoulli(p: Double)
    case binomial(trials: Int, p: Double)
    case empirical(EmpiricalData)

    /// Observed values to resample: each value equally likely (`continuous == false`) or the
    /// piecewise-linear interpolation of the sorted values (`continuous == true`).
    public struct EmpiricalData: Sendable, Equatable {
        public let sortedValues: [Double]
        public let continuous: Bool
    }

    /// Draws one variate. Counts (Poisson, Bernoulli, binomial) come back as whole numbers.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double {
        let r = stream.generator
        switch self {
        case .constant(let value):
            return value
        case .exponential(let mean):
            return gsl_ran_exponential(r, mean)
        case .normal(let mean, let sd):
            return mean + gsl_ran_gaussian_ziggurat(r, sd)
        case .truncatedNormal(let mean, let sd, let min, let max):
            return Self.sampleTruncatedNormal(stream, mean: mean, sd: sd, min: min, max: max)
        case .lognormal(let mean, let sd):
            let sigma2 = log1p(sd * sd / (mean * mean))
            return gsl_ran_lognormal(r, log(mean) - sigma2 / 2, sigma2.squareRoot())
        case .weibull(let shape, let scale):
            return gsl_ran_weibull(r, scale, shape)
        case .gamma(let shape, let scale):
            return gsl_ran_gamma(r, shape, scale)
        case .erlang(let phases, let mean):
            return gsl_ran_gamma(r, Double(phases), mean / Double(phases))
        case .triangular(let min, let mode, let max):
            let u = gsl_rng_uniform(r)
            let split = (mode - min) / (max - min)
            if u < split { return min + ((max - min) * (mode - min) * u).squareRoot() }
            return max - ((max - min) * (max - mode) * (1 - u)).squareRoot()
        case .uniform(let min, let max):
            return gsl_ran_flat(r, min, max)
        case .beta(let alpha, let beta, let min, let max):
            return min + (max - min) * gsl_ran_beta(r, alpha, beta)
        case .poisson(let mean):
            return Double(gsl_ran_poisson(r, mean))
        case .bernoulli(let p):
            return Double(gsl_ran_bernoulli(r, p))
        case .binomial(let trials, let p):
            return Double(gsl_ran_binomial(r, p, UInt32(trials)))
        case .empirical(let data):
            return data.sample(stream)
        }
    }

    /// Inverse-CDF sampling on the tail nearer the interval, so intervals far out in either
    /// tail keep their precision.
    @usableFromInline
    static func sampleTruncatedNormal(_ stream: RandomStream, mean: Double, sd: Double, min: Double, max: Double) -> Double {
        let a = (min - mean) / sd
        let b = (max - mean) / sd
        let u = stream.uniformPositive()
        let z: Double
        if a > 0 {
            let qa = gsl_cdf_ugaussian_Q(a), qb = gsl_cdf_ugaussian_Q(b)
            z = gsl_cdf_ugaussian_Qinv(qb + u * (qa - qb))
        } else {
            let pa = gsl_cdf_ugaussian_P(a), pb = gsl_cdf_ugaussian_P(b)
            z = gsl_cdf_ugaussian_Pinv(pa + u * (pb - pa))
        }
        return Swift.min(max, Swift.max(min, mean + sd * z))
    }

    /// The theoretical mean.
    public var mean: Double {
        switch self {
        case .constant(let value): return value
        case .exponential(let mean), .lognormal(let mean, _), .erlang(_, let mean), .poisson(let mean): return mean
        case .normal(let mean, _): return mean
        case .truncatedNormal(let mean, let sd, let min, let max):
            let (a, b) = ((min - mean) / sd, (max - mean) / sd)
            return mean + sd * (gsl_ran_ugaussian_pdf(a) - gsl_ran_ugaussian_pdf(b)) / Self.normalMass(a, b)
        case .weibull(let shape, let scale): return scale * tgamma(1 + 1 / shape)
        case .gamma(let shape, let scale): return shape * scale
        case .triangular(let min, let mode, let max): return (min + mode + max) / 3
        case .uniform(let min, let max): return (min + max) / 2
        case .beta(let alpha, let beta, let min, let max): return min + (max - min) * alpha / (alpha + beta)
        case .bernoulli(let p): return p
        case .binomial(let trials, let p): return Double(trials) * p
        case .empirical(let data): return data.moments.mean
        }
    }

    /// The theoretical variance.
    public var variance: Double {
        switch self {
        case .constant: return 0
        case .exponential(let mean): return mean * mean
        case .normal(_, let sd), .lognormal(_, let sd): return sd * sd
        case .truncatedNormal(let mean, let sd, let min, let max):
            let (a, b) = ((min - mean) / sd, (max - mean) / sd)
            let (phiA, phiB, mass) = (gsl_ran_ugaussian_pdf(a), gsl_ran_ugaussian_pdf(b), Self.normalMass(a, b))
            let aTerm = a.isFinite ? a * phiA : 0
            let bTerm = b.isFinite ? b * phiB : 0
            let shift = (phiA - phiB) / mass
            return sd * sd * (1 + (aTerm - bTerm) / mass - shift * shift)
        case .weibull(let shape, let scale):
            let g1 = tgamma(1 + 1 / shape)
            return scale * scale * (tgamma(1 + 2 / shape) - g1 * g1)
        case .gamma(let shape, let scale): return shape * scale * scale
        case .erlang(let phases, let mean): return mean * mean / Double(phases)
        case .triangular(let a, let c, let b): return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .uniform(let min, let max): return (max - min) * (max - min) / 12
        case .beta(let alpha, let beta, let min, let max):
            let s = alpha + beta
            return (max - min) * (max - min) * alpha * beta / (s * s * (s + 1))
        case .poisson(let mean): return mean
        case .bernoulli(let p): return p * (1 - p)
        case .binomial(let trials, let p): return Double(trials) * p * (1 - p)
        case .empirical(let data): return data.moments.variance
        }
    }

    /// The smallest value a variate can take (−∞ when unbounded below): what a model checks
    /// before using a distribution for a duration or a quantity, which must not go negative.
    public var minimum: Double {
        switch self {
        case .constant(let value): return value
        case .normal: return -.infinity
        case .truncatedNormal(_, _, let min, _), .triangular(let min, _, _), .uniform(let min, _), .beta(_, _, let min, _): return min
        case .empirical(let data): return data.sortedValues.first ?? 0
        case .exponential, .lognormal, .weibull, .gamma, .erlang, .poisson, .bernoulli, .binomial: return 0
        }
    }

    /// Whether every variate is a whole number (counts rather than durations or measurements).
    public var isDiscrete: Bool {
        switch self {
        case .poisson, .bernoulli, .binomial: return true
        case .empirical(let data): return !data.continuous && data.sortedValues.allSatisfy { $0.rounded() == $0 }
        default: return false
        }
    }

    static func normalMass(_ a: Double, _ b: Double) -> Double {
        a > 0 ? gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b) : gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a)
    }
}

extension Distribution.EmpiricalData {
    @usableFromInline
    func sample(_ stream: RandomStream) -> Double {
        let n = sortedValues.count
        if !continuous || n == 1 { return sortedValues[stream.integer(below: n)] }
        let position = stream.uniform() * Double(n - 1)
        let index = Int(position)
        let fraction = position - Double(index)
        return sortedValues[index] + fraction * (sortedValues[index + 1] - sortedValues[index])
    }

    /// Exact mean and variance of the resampling law (population moments of the data, or of
    /// the piecewise-uniform mixture when interpolating).
    var moments: (mean: Double, variance: Double) {
        let v = sortedValues
        if !continuous || v.count == 1 {
            let mean = v.reduce(0, +) / Double(v.count)
            return (mean, v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count))
        }
        let segments = Double(v.count - 1)
        var first = 0.0, second = 0.0
        for i in 0..<(v.count - 1) {
            let (a, b) = (v[i], v[i + 1])
            first += (a + b) / 2
            second += (a * a + a * b + b * b) / 3
        }
        let mean = first / segments
        return (mean, second / segments - mean * mean)
    }
}
