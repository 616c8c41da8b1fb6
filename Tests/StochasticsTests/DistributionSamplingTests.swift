import Foundation
import Testing

@testable import Stochastics

/// Every distribution's sample mean and variance against its parameters. With n draws the
/// sample mean lies within 5 standard errors of the true mean except with probability
/// below 6·10⁻⁷; the variance is checked the same way with the standard error of s² from the
/// sample's fourth central moment. The draws are seeded, so the test is deterministic; its
/// tolerance is also checked to be tighter than a 5% error in the mean.
@Suite("Distribution sampling")
struct DistributionSamplingTests {
    static let cases: [(String, Distribution)] = [
        ("exponential", .exponential(mean: 2)),
        ("normal", .normal(mean: 10, sd: 2)),
        ("truncated normal, central", .truncatedNormal(mean: 10, sd: 2, min: 9, max: 14)),
        ("truncated normal, far upper tail", .truncatedNormal(mean: 0, sd: 1, min: 3, max: 5)),
        ("truncated normal, one-sided", .truncatedNormal(mean: 1, sd: 1, min: 0, max: .infinity)),
        ("lognormal", .lognormal(mean: 5, sd: 2)),
        ("weibull", .weibull(shape: 1.5, scale: 3)),
        ("gamma", .gamma(shape: 2.5, scale: 1.2)),
        ("erlang", .erlang(phases: 3, mean: 6)),
        ("triangular", .triangular(min: 1, mode: 2, max: 6)),
        ("uniform", .uniform(min: -1, max: 3)),
        ("beta", .beta(alpha: 2, beta: 5, min: 0, max: 10)),
        ("poisson", .poisson(mean: 4.5)),
        ("bernoulli", .bernoulli(p: 0.3)),
        ("binomial", .binomial(trials: 20, p: 0.35)),
        ("empirical, resampled", try! .empirical(data: [7, 1, 2, 2, 3])),
        ("empirical, interpolated", try! .empirical(data: [8, 1, 2, 4], continuous: true)),
    ]

    @Test("sample mean and variance match the parameters", arguments: cases)
    func moments(_ name: String, _ distribution: Distribution) throws {
        try distribution.validate()
        let n = 100_000
        let stream = RandomStreams(seed: 11).stream(named: name)
        let draws = (0..<n).map { _ in distribution.sample(stream) }
        let mean = draws.reduce(0, +) / Double(n)
        let centered = draws.map { $0 - mean }
        let variance = centered.reduce(0) { $0 + $1 * $1 } / Double(n - 1)
        let fourth = centered.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(n)

        let meanTolerance = 5 * (distribution.variance / Double(n)).squareRoot()
        #expect(meanTolerance < 0.05 * abs(distribution.mean), "\(name): the test could not see a 5% error in the mean")
        #expect(abs(mean - distribution.mean) <= meanTolerance, "\(name): mean \(mean), expected \(distribution.mean) ± \(meanTolerance)")

        let varianceTolerance = 5 * ((fourth - variance * variance) / Double(n)).squareRoot()
        #expect(
            abs(variance - distribution.variance) <= varianceTolerance,
            "\(name): variance \(variance), expected \(distribution.variance) ± \(varianceTolerance)")
        if distribution.isDiscrete { #expect(draws.allSatisfy { $0 == $0.rounded() }, "\(name): a count that is not whole") }
    }

    @Test("draws stay within the support")
    func support() throws {
        let stream = RandomStreams(seed: 3).stream(named: "support")
        for _ in 0..<20_000 {
            let t = Distribution.truncatedNormal(mean: 10, sd: 2, min: 9, max: 14).sample(stream)
            #expect(t >= 9 && t <= 14)
            let tri = Distribution.triangular(min: 1, mode: 2, max: 6).sample(stream)
            #expect(tri >= 1 && tri <= 6)
            let b = Distribution.beta(alpha: 2, beta: 5, min: 0, max: 10).sample(stream)
            #expect(b >= 0 && b <= 10)
            #expect([1.0, 2, 3, 7].contains(try Distribution.empirical(data: [7, 1, 2, 2, 3]).sample(stream)))
        }
    }

    @Test("a constant is always its value")
    func constant() {
        let stream = RandomStreams(seed: 3).stream(named: "constant")
        #expect((0..<100).allSatisfy { _ in Distribution.constant(4.25).sample(stream) == 4.25 })
        #expect(Distribution.constant(4.25).mean == 4.25 && Distribution.constant(4.25).variance == 0)
    }

    @Test("the lognormal is parameterised by the variate's own mean and sd")
    func lognormalParameters() {
        // mean 5, sd 2 ⇒ σ² = ln(1 + 4/25), μ = ln 5 − σ²/2: the median is e^μ.
        let sigma2 = log(1 + 4.0 / 25)
        let median = exp(log(5.0) - sigma2 / 2)
        let stream = RandomStreams(seed: 8).stream(named: "lognormal")
        let below = (0..<100_000).filter { _ in Distribution.lognormal(mean: 5, sd: 2).sample(stream) < median }.count
        #expect(abs(Double(below) / 100_000 - 0.5) < 5 * (0.25 / 100_000).squareRoot())
    }
}
