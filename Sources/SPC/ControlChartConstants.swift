import CGSL
import Foundation

/// The control-chart constants for subgroups of `n` (2...25), computed from the distribution of
/// the range and of the standard deviation of `n` standard normal observations rather than
/// copied from a table: d2 = E[R], d3 = SD[R] by numerical integration (GSL QAGS), c4 = E[s]
/// exactly through the gamma function. The tests hold them against the published tables.
public struct ControlChartConstants: Sendable, Equatable {
    public let n: Int
    public let d2: Double
    public let d3: Double
    public let c4: Double

    /// X̄ limits from R̄: X̄̄ ± A2·R̄.
    public var a2: Double { 3 / (d2 * Double(n).squareRoot()) }
    /// X̄ limits from s̄: X̄̄ ± A3·s̄.
    public var a3: Double { 3 / (c4 * Double(n).squareRoot()) }
    /// s chart limits B3·s̄, B4·s̄.
    public var b3: Double { max(0, 1 - 3 * (1 - c4 * c4).squareRoot() / c4) }
    public var b4: Double { 1 + 3 * (1 - c4 * c4).squareRoot() / c4 }
    /// R chart limits D3·R̄, D4·R̄.
    public var d3Limit: Double { max(0, 1 - 3 * d3 / d2) }
    public var d4Limit: Double { 1 + 3 * d3 / d2 }

    public static let subgroupSizes = 2...25

    /// The constants for subgroup size `n`, cached after the first computation.
    public static func forSubgroup(size n: Int) throws(SPCError) -> ControlChartConstants {
        guard subgroupSizes.contains(n) else { throw SPCError("subgroup size must be between 2 and 25, got \(n)") }
        return table[n - 2]
    }

    static let table: [ControlChartConstants] = subgroupSizes.map { n in
        let (mean, secondMoment) = rangeMoments(n)
        return ControlChartConstants(n: n, d2: mean, d3: (secondMoment - mean * mean).squareRoot(), c4: c4(n))
    }

    /// c4(n) = √(2/(n−1)) Γ(n/2) / Γ((n−1)/2).
    static func c4(_ n: Int) -> Double {
        let k = Double(n)
        return (2 / (k - 1)).squareRoot() * exp(lgamma(k / 2) - lgamma((k - 1) / 2))
    }

    /// E[R] and E[R²] of the range of n standard normals:
    /// E[R] = ∫ 1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ dx, and E[R²] = 2∫∫_{x<y} 1 − Φ(y)ⁿ − (1 − Φ(x))ⁿ + (Φ(y) − Φ(x))ⁿ dx dy.
    static func rangeMoments(_ n: Int) -> (Double, Double) {
        let k = Double(n)
        let mean = integrate(from: -12, to: 12) { x in
            let p = gsl_cdf_ugaussian_P(x)
            return 1 - pow(p, k) - pow(1 - p, k)
        }
        let second = 2 * integrate(from: -12, to: 12) { y in
            let py = gsl_cdf_ugaussian_P(y)
            return integrate(from: -12, to: y) { x in
                let px = gsl_cdf_ugaussian_P(x)
                return 1 - pow(py, k) - pow(1 - px, k) + pow(py - px, k)
            }
        }
        return (mean, second)
    }

    /// ∫ f over [a, b] by GSL's adaptive Gauss–Kronrod rule (QAGS), to a relative error of 1e-10.
    static func integrate(from a: Double, to b: Double, _ f: (Double) -> Double) -> Double {
        withoutActuallyEscaping(f) { f in
            var box = f
            return withUnsafeMutablePointer(to: &box) { pointer in
                var function = gsl_function(
                    function: { x, context in context!.assumingMemoryBound(to: ((Double) -> Double).self).pointee(x) },
                    params: UnsafeMutableRawPointer(pointer))
                let workspace = gsl_integration_workspace_alloc(1_000)
                defer { gsl_integration_workspace_free(workspace) }
                var result = 0.0
                var error = 0.0
                gsl_integration_qags(&function, a, b, 1e-12, 1e-10, 1_000, workspace, &result, &error)
                return result
            }
        }
    }
}

/// An SPC computation asked of data that cannot give it, saying why.
public struct SPCError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
