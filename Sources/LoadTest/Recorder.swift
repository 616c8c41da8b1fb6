import Foundation
import Histogram
import NIOConcurrencyHelpers

/// Latencies are recorded in microseconds, from 1 µs to one hour, to 3 significant digits (`record`
/// refuses only values past an hour, which the client's 30 s timeout rules out).
func newHistogram() -> Histogram<UInt64> {
    Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
}

/// How a request ended.
public enum RequestClass: String, Sendable, Codable {
    /// 1xx–3xx.
    case ok
    /// 4xx: the server refused the request (a business or authorization refusal).
    case refused
    /// 5xx.
    case serverError
    /// No response: connection refused or reset, timeout.
    case transportError

    init(status: Int?) {
        switch status {
        case nil: self = .transportError
        case let code? where code >= 500: self = .serverError
        case let code? where code >= 400: self = .refused
        default: self = .ok
        }
    }
}

/// Everything a run measures; safe to record into from many tasks at once.
public final class LoadRecorder: Sendable {
    struct TypeState {
        var histogram = newHistogram()
        var classes: [RequestClass: Int] = [:]
        var statuses: [Int: Int] = [:]
        var notSent: [String: Int] = [:]
    }

    struct State {
        var types: [String: TypeState] = [:]
        var overall = newHistogram()
        /// Overall latencies by the second (after the start) of the intended send time.
        var seconds: [Int: Histogram<UInt64>] = [:]
        /// Lag between the intended and the actual send time of a transaction's first request.
        var sendLag = newHistogram()
        var dropped = 0
        var started = 0
        var completed = 0
        var inFlight = 0
        var firstErrors: [String] = []
        var samples: [UInt64] = []
    }

    let state = NIOLockedValueBox(State())
    /// The run's time origin: intended send times are offsets from it.
    public let origin: ContinuousClock.Instant
    /// Keep every latency (µs) as well: for tests that check the histograms against a sort.
    let keepSamples: Bool

    public init(origin: ContinuousClock.Instant = .now, keepSamples: Bool = false) {
        self.origin = origin
        self.keepSamples = keepSamples
    }

    static func microseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        let value = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        return UInt64(max(1, value))
    }

    /// One request's answer: `latency` measured from when it was meant to be sent.
    func record(type: String, intended: ContinuousClock.Instant, latency: Duration, response: LoadResponse) {
        let micros = Self.microseconds(latency)
        let second = max(0, Int((intended - origin).components.seconds))
        let kind = RequestClass(status: response.status)
        state.withLockedValue { state in
            _ = state.types[type, default: TypeState()].histogram.record(micros)
            state.types[type, default: TypeState()].classes[kind, default: 0] += 1
            state.types[type, default: TypeState()].statuses[response.status ?? 0, default: 0] += 1
            _ = state.overall.record(micros)
            _ = state.seconds[second, default: newHistogram()].record(micros)
            state.completed += 1
            if keepSamples { state.samples.append(micros) }
            if kind != .ok, state.firstErrors.count < 10 {
                let detail = response.error ?? String(decoding: response.body.prefix(300), as: UTF8.self)
                state.firstErrors.append("\(type): \(response.status.map(String.init) ?? "transport error") \(detail)")
            }
        }
    }

    func recordLag(_ lag: Duration) { state.withLockedValue { _ = $0.sendLag.record(Self.microseconds(lag)) } }

    /// A transaction the mix chose but could not send (e.g. no idle machine): counted, not timed.
    func recordNotSent(type: String, reason: String) {
        state.withLockedValue { $0.types[type, default: TypeState()].notSent[reason, default: 0] += 1 }
    }

    /// The open loop's intended send came while `maxInFlight` transactions were outstanding.
    func recordDrop() { state.withLockedValue { $0.dropped += 1 } }

    func transactionStarted() { state.withLockedValue { $0.started += 1; $0.inFlight += 1 } }
    func transactionEnded() { state.withLockedValue { $0.inFlight -= 1 } }
    var inFlight: Int { state.withLockedValue { $0.inFlight } }

    /// Every latency recorded, in microseconds (only with `keepSamples`).
    public var samples: [UInt64] { state.withLockedValue { $0.samples } }

    /// A snapshot for the live progress line: requests done, errors, p99 (ms) of all so far.
    public func progress() -> (completed: Int, errors: Int, inFlight: Int, dropped: Int, p99: Double) {
        state.withLockedValue { state in
            let errors = state.types.values.reduce(0) { $0 + $1.classes.filter { $0.key != .ok }.values.reduce(0, +) }
            return (state.completed, errors, state.inFlight, state.dropped, Double(state.overall.valueAtPercentile(99)) / 1000)
        }
    }
}
