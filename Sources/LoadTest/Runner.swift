import Foundation
import NIOConcurrencyHelpers

/// A transaction's requests, each timed and counted under its own type. The first request is
/// timed from the transaction's intended send time (so a late send shows as latency, never
/// hidden); later ones, which wait for an earlier answer (and think time), from their own send.
public final class Session: Sendable {
    let transport: any LoadTransport
    let recorder: LoadRecorder
    let intended: ContinuousClock.Instant
    let first = NIOLockedValueBoxBool()

    init(transport: any LoadTransport, recorder: LoadRecorder, intended: ContinuousClock.Instant) {
        self.transport = transport
        self.recorder = recorder
        self.intended = intended
    }

    /// Sends one request and records its latency under `type`.
    @discardableResult
    public func send(_ type: String, _ request: LoadRequest) async -> LoadResponse {
        let isFirst = first.takeFirst()
        let now = ContinuousClock.now
        let from = isFirst ? intended : now
        if isFirst { recorder.recordLag(now - intended) }
        let response = await transport.send(request)
        recorder.record(type: type, intended: from, latency: ContinuousClock.now - from, response: response)
        return response
    }

    /// A transaction that could not be sent (no idle machine, no serial left): counted apart.
    public func notSent(_ type: String, reason: String) { recorder.recordNotSent(type: type, reason: reason) }
}

final class NIOLockedValueBoxBool: Sendable {
    let box = NIOLockedValueBox(true)
    /// True the first time only.
    func takeFirst() -> Bool { box.withLockedValue { value in defer { value = false }; return value } }
}

/// One unit of traffic: a name (for the mix) and what it sends.
public struct Transaction: Sendable {
    public let name: String
    public let run: @Sendable (Session) async -> Void

    public init(_ name: String, run: @escaping @Sendable (Session) async -> Void) {
        self.name = name
        self.run = run
    }
}

/// Chooses the next transaction; called from one task at a time, with the run's own generator.
public protocol Workload: Sendable {
    func next(_ generator: inout SeededGenerator) -> Transaction
}

/// One request again and again: the tests' workload, and a plain endpoint check.
public struct FixedWorkload: Workload {
    public let type: String
    public let request: LoadRequest

    public init(type: String, request: LoadRequest) {
        self.type = type
        self.request = request
    }

    public func next(_ generator: inout SeededGenerator) -> Transaction {
        let (type, request) = (type, request)
        return Transaction(type) { session in await session.send(type, request) }
    }
}

/// How load is generated.
public enum LoadShape: Sendable {
    /// Transactions start at the schedule's intended times whether or not earlier ones have
    /// answered; beyond `maxInFlight` outstanding, an intended send is dropped and counted.
    case open(rate: Double, arrivals: ArrivalProcess, maxInFlight: Int)
    /// `users` virtual users, each sending its next transaction after the previous answer and a
    /// think time (exponential with the given mean; zero for none).
    case closed(users: Int, thinkTime: Duration)
}

/// Runs load for a while and records it.
public struct LoadRunner: Sendable {
    public let transport: any LoadTransport
    public let workload: any Workload
    public let seed: UInt64
    /// Called about once a second during the run with a progress snapshot (for the live line).
    public var onTick: (@Sendable (LoadRecorder, Double) -> Void)?

    public init(transport: any LoadTransport, workload: any Workload, seed: UInt64, onTick: (@Sendable (LoadRecorder, Double) -> Void)? = nil) {
        self.transport = transport
        self.workload = workload
        self.seed = seed
        self.onTick = onTick
    }

    /// Runs `shape` for `duration` seconds and waits for every transaction to finish.
    public func run(_ shape: LoadShape, duration: Double, keepSamples: Bool = false) async -> RunMeasurement {
        let cpuBefore = processCPUSeconds()
        let origin = ContinuousClock.now + .milliseconds(20)
        let recorder = LoadRecorder(origin: origin, keepSamples: keepSamples)
        let end = origin + .nanoseconds(Int64(duration * 1e9))
        let ticker = Task { [onTick] in
            guard let onTick else { return }
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                if Task.isCancelled { break }
                onTick(recorder, (ContinuousClock.now - origin).seconds)
            }
        }
        switch shape {
        case .open(let rate, let arrivals, let maxInFlight):
            let times = arrivals.schedule(rate: rate, duration: duration, seed: seed)
            var generator = SeededGenerator(seed: seed ^ 0x5EED)
            await withDiscardingTaskGroup { group in
                for offset in times {
                    let intended = origin + .nanoseconds(Int64(offset * 1e9))
                    if intended > .now { try? await Task.sleep(until: intended, tolerance: .zero, clock: .continuous) }
                    if recorder.inFlight >= maxInFlight {
                        recorder.recordDrop()
                        continue
                    }
                    let transaction = workload.next(&generator)
                    recorder.transactionStarted()
                    let session = Session(transport: transport, recorder: recorder, intended: intended)
                    group.addTask {
                        await transaction.run(session)
                        recorder.transactionEnded()
                    }
                }
            }
        case .closed(let users, let thinkTime):
            await withDiscardingTaskGroup { group in
                for user in 0..<users {
                    var generator = SeededGenerator(seed: seed &+ UInt64(user) &* 0x9E37_79B9)
                    group.addTask {
                        try? await Task.sleep(until: origin, tolerance: .zero, clock: .continuous)
                        let think = thinkTime.seconds
                        while ContinuousClock.now < end {
                            let transaction = workload.next(&generator)
                            recorder.transactionStarted()
                            await transaction.run(Session(transport: transport, recorder: recorder, intended: .now))
                            recorder.transactionEnded()
                            if think > 0 { try? await Task.sleep(for: .nanoseconds(Int64(generator.exponential(mean: think) * 1e9))) }
                        }
                    }
                }
            }
        }
        ticker.cancel()
        let elapsed = (ContinuousClock.now - origin).seconds
        return RunMeasurement(recorder: recorder, duration: duration, elapsed: elapsed, cpuSeconds: processCPUSeconds() - cpuBefore)
    }
}

/// A finished run: the recorder and the time and CPU it took.
public struct RunMeasurement: Sendable {
    public let recorder: LoadRecorder
    /// The scheduled duration, and the time until the last answer came.
    public let duration: Double
    public let elapsed: Double
    /// User plus system CPU seconds of this process during the run.
    public let cpuSeconds: Double
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// User plus system CPU seconds of this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
