import Foundation
import Histogram

/// Latency percentiles in milliseconds.
public struct Percentiles: Codable, Sendable, Equatable {
    public let count: Int
    public let p50: Double, p90: Double, p99: Double, p999: Double, max: Double, mean: Double

    init(_ histogram: Histogram<UInt64>) {
        func ms(_ micros: UInt64) -> Double { Double(micros) / 1000 }
        count = Int(histogram.totalCount)
        guard histogram.totalCount > 0 else {
            (p50, p90, p99, p999, max, mean) = (0, 0, 0, 0, 0, 0)
            return
        }
        p50 = ms(histogram.valueAtPercentile(50))
        p90 = ms(histogram.valueAtPercentile(90))
        p99 = ms(histogram.valueAtPercentile(99))
        p999 = ms(histogram.valueAtPercentile(99.9))
        max = ms(histogram.maxRecorded)
        mean = histogram.mean / 1000
    }
}

/// One transaction type's figures.
public struct TypeResult: Codable, Sendable {
    public let type: String
    public let latency: Percentiles
    /// Answers by class: ok (1xx–3xx), refused (4xx), serverError (5xx), transportError (no answer).
    public let ok: Int, refused: Int, serverErrors: Int, transportErrors: Int
    /// Answers by status code ("0" for transport errors).
    public let statuses: [String: Int]
    /// Transactions the mix chose but the generator could not send, by reason.
    public let notSent: [String: Int]
    public let throughput: Double
}

/// One second of the run (by intended send time).
public struct SecondResult: Codable, Sendable {
    public let second: Int
    public let latency: Percentiles
}

/// A run's results: what results.json holds and the reports show.
public struct RunResult: Codable, Sendable {
    public let label: String
    /// "open (poisson, 200/s)" or "closed (8 users, think 100 ms)".
    public let shape: String
    public let intendedRate: Double?
    public let duration: Double
    public let elapsed: Double
    public let transactionsStarted: Int
    public let requests: Int
    public let throughput: Double
    public let overall: Percentiles
    public let types: [TypeResult]
    public let ok: Int, refused: Int, serverErrors: Int, transportErrors: Int
    public let statuses: [String: Int]
    public let dropped: Int
    public let notSent: Int
    public let timeline: [SecondResult]
    /// The generator's own cost: lag from intended to actual send, CPU of the process per request.
    public let sendLag: Percentiles
    public let cpuSeconds: Double
    public let cpuMicrosecondsPerRequest: Double
    public let firstErrors: [String]

    public var errors: Int { serverErrors + transportErrors }

    public init(_ measurement: RunMeasurement, label: String, shape: LoadShape) {
        self.label = label
        switch shape {
        case .open(let rate, let arrivals, let maxInFlight):
            self.shape = String(format: "open loop, %@ arrivals at %.1f/s, at most %d in flight", arrivals.rawValue, rate, maxInFlight)
            intendedRate = rate
        case .closed(let users, let think):
            self.shape = String(format: "closed loop, %d users, think time %.0f ms (exponential mean)", users, think.seconds * 1000)
            intendedRate = nil
        }
        duration = measurement.duration
        elapsed = measurement.elapsed
        let state = measurement.recorder.state.withLockedValue { $0 }
        transactionsStarted = state.started
        requests = state.completed
        throughput = Double(state.completed) / max(measurement.duration, 1e-9)
        overall = Percentiles(state.overall)
        types = state.types.keys.sorted().map { name in
            let t = state.types[name]!
            return TypeResult(type: name, latency: Percentiles(t.histogram), ok: t.classes[.ok] ?? 0, refused: t.classes[.refused] ?? 0,
                              serverErrors: t.classes[.serverError] ?? 0, transportErrors: t.classes[.transportError] ?? 0,
                              statuses: Dictionary(uniqueKeysWithValues: t.statuses.map { (String($0.key), $0.value) }), notSent: t.notSent,
                              throughput: Double(t.histogram.totalCount) / max(measurement.duration, 1e-9))
        }
        ok = types.reduce(0) { $0 + $1.ok }
        refused = types.reduce(0) { $0 + $1.refused }
        serverErrors = types.reduce(0) { $0 + $1.serverErrors }
        transportErrors = types.reduce(0) { $0 + $1.transportErrors }
        var statuses: [String: Int] = [:]
        for t in types { for (code, count) in t.statuses { statuses[code, default: 0] += count } }
        self.statuses = statuses
        dropped = state.dropped
        notSent = types.reduce(0) { $0 + $1.notSent.values.reduce(0, +) }
        timeline = state.seconds.keys.sorted().map { SecondResult(second: $0, latency: Percentiles(state.seconds[$0]!)) }
        sendLag = Percentiles(state.sendLag)
        cpuSeconds = measurement.cpuSeconds
        cpuMicrosecondsPerRequest = measurement.cpuSeconds / Double(max(1, state.completed)) * 1e6
        firstErrors = state.firstErrors
    }
}

/// One step of a ramp and whether it met the limit.
public struct RampStep: Codable, Sendable {
    public let rate: Double
    public let result: RunResult
    public let met: Bool
    public let reason: String?
}

/// A ramp's outcome: every step, and the sustainable rate (the last step that met the limit).
public struct RampResult: Codable, Sendable {
    public let p99LimitMilliseconds: Double
    public let factor: Double
    public let stepSeconds: Double
    public let steps: [RampStep]
    public var sustainable: RampStep? { steps.last { $0.met } }
}
