import Foundation

extension LoadRunner {
    /// Open-loop steps from `startRate`, each `factor` times the last, each `stepSeconds` long
    /// (in-flight requests finish before the next step), until a step's p99 exceeds the limit,
    /// a request fails (5xx or no answer), more than 0.1 % are refused, an intended send is
    /// dropped, or `maxRate` is passed.
    public func ramp(startRate: Double, factor: Double, stepSeconds: Double, p99Limit: Double, maxRate: Double, arrivals: ArrivalProcess,
                     maxInFlight: Int, onStep: (@Sendable (RampStep) -> Void)? = nil) async -> RampResult {
        var steps: [RampStep] = []
        var rate = startRate
        while rate <= maxRate {
            let shape = LoadShape.open(rate: rate, arrivals: arrivals, maxInFlight: maxInFlight)
            let measurement = await run(shape, duration: stepSeconds)
            let result = RunResult(measurement, label: String(format: "ramp step %d: %.1f/s", steps.count + 1, rate), shape: shape)
            var reasons: [String] = []
            if result.overall.p99 > p99Limit { reasons.append(String(format: "p99 %.1f ms > %.1f ms", result.overall.p99, p99Limit)) }
            if result.errors > 0 { reasons.append("\(result.errors) failed requests (5xx or no answer)") }
            if Double(result.refused) > 0.001 * Double(max(1, result.requests)) { reasons.append("\(result.refused) refused (4xx)") }
            if result.dropped > 0 { reasons.append("\(result.dropped) sends dropped (over \(maxInFlight) in flight)") }
            let step = RampStep(rate: rate, result: result, met: reasons.isEmpty, reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "))
            steps.append(step)
            onStep?(step)
            if !step.met { break }
            rate *= factor
        }
        return RampResult(p99LimitMilliseconds: p99Limit, factor: factor, stepSeconds: stepSeconds, steps: steps)
    }
}
