/// The simulated world's clock and event loop: it owns the calendar of pending process
/// activations and runs them in (time, priority, insertion order) until a time, a condition
/// or an explicit stop. Deterministic: the same model and seeds give the same run, bit for bit.
///
/// One simulation belongs to one thread; run replications in parallel as separate simulations.
public final class Simulation {
    @usableFromInline let scheduler: Scheduler
    private var stopRequested = false
    private var isRunning = false
    /// The process whose `resume()` is on the stack, if any.
    public internal(set) var currentProcess: ObjectIdentifier?
    /// Cancelled activations waiting in the calendar; when they outnumber the live ones the
    /// calendar is compacted, so interrupted long holds cannot make it grow without bound.
    var staleCalendarEntries = 0
    /// Keeps started processes alive while they are pending in the calendar or a queue,
    /// which reference them without retaining them.
    var liveProcesses: [Process] = []
    var monitors: [any StatisticsMonitor] = []
    /// Activations dispatched so far (cancelled ones excluded).
    public private(set) var dispatchedCount: UInt64 = 0
    /// When the statistics were last reset (start or end of warm-up).
    public private(set) var statisticsStart: Double
    /// Called before each process resumes; nil costs nothing.
    public var trace: ((TraceEntry) -> Void)?

    public init(startTime: Double = 0) {
        scheduler = Scheduler(startTime: startTime)
        statisticsStart = startTime
    }

    /// The current simulated time.
    @inlinable public var now: Double { scheduler.now }

    deinit {
        for process in liveProcesses { process.registryIndex = -1 }
    }

    /// Starts `process` after `delay`; the simulation keeps it alive until it calls `finish()`.
    public func start(_ process: Process, after delay: Double = 0, priority: Int = 0) {
        precondition(process.simulation === self, "process '\(process.name)' belongs to another simulation")
        precondition(process.state == .created, "process '\(process.name)' was already started")
        process.registryIndex = liveProcesses.count
        liveProcesses.append(process)
        scheduler.schedule(process, at: now + delay, priority: priority)
    }

    /// Number of processes started and not yet let go: unfinished ones, and finished ones that
    /// a cancelled activation still points at until the loop pops it.
    public var liveProcessCount: Int { liveProcesses.count }

    /// Lets go of a process; this may free it, so callers must not touch it afterwards.
    func unregister(_ process: Process) {
        let index = process.registryIndex
        guard index >= 0 else { return }
        process.registryIndex = -1
        let last = liveProcesses.removeLast()
        if index < liveProcesses.count {
            last.registryIndex = index
            liveProcesses[index] = last
        }
    }

    /// Runs every activation before `endTime`, then sets the clock to `endTime` (unless
    /// stopped earlier by `stop()`).
    public func run(until endTime: Double) {
        precondition(endTime >= now, "run(until: \(endTime)) lies before the current time \(now)")
        if runLoop(before: endTime, condition: nil) { scheduler.now = endTime }
    }

    /// Runs until `condition` holds after an activation, the calendar empties or `stop()` is
    /// called; returns whether the condition was met. The clock stays at the last activation.
    @discardableResult
    public func run(until condition: () -> Bool, notLaterThan endTime: Double = .infinity) -> Bool {
        if condition() { return true }
        return withoutActuallyEscaping(condition) { condition in
            _ = runLoop(before: endTime, condition: condition)
            return condition()
        }
    }

    /// Runs until nothing is left to do or `stop()` is called.
    public func run() { _ = runLoop(before: .infinity, condition: nil) }

    /// Runs every activation at or before `endTime` (those at `endTime` included, unlike
    /// `run(until:)`), then sets the clock to `endTime` unless stopped earlier. A run cut into
    /// pieces this way dispatches exactly what one uninterrupted run does: what a live run
    /// (training in real time) needs to pause anywhere without changing the outcome.
    public func run(through endTime: Double) {
        precondition(endTime >= now, "run(through: \(endTime)) lies before the current time \(now)")
        if runLoop(before: endTime.nextUp, condition: nil) { scheduler.now = endTime }
    }

    /// When the next activation falls: now when a process is ready, else the earliest live
    /// calendar entry (cancelled ones at the front are dropped, as the loop would); nil when
    /// nothing is pending.
    public var nextActivationTime: Double? {
        if !scheduler.ready.isEmpty { return now }
        let calendar = scheduler.calendar
        while !calendar.isEmpty {
            let first = calendar.first
            let live = first.process._withUnsafeGuaranteedRef { $0.token == first.token }
            if live { return first.time }
            _ = calendar.popFirst()
            staleCalendarEntries -= 1
            first.process._withUnsafeGuaranteedRef { discardStale($0) }
        }
        return nil
    }

    /// Ends the current `run` after the running process returns.
    public func stop() { stopRequested = true }

    /// Returns true when the loop ran out of activations before `endTime`.
    private func runLoop(before endTime: Double, condition: (() -> Bool)?) -> Bool {
        precondition(!isRunning, "run() was called from inside a process; a process waits with hold, request, get or put")
        isRunning = true
        defer { isRunning = false }
        stopRequested = false
        let calendar = scheduler.calendar
        let ready = scheduler.ready
        while !stopRequested {
            let activation: Activation
            if !ready.isEmpty {
                activation = ready.popFirst()
                guard dispatch(activation) else { continue }
            } else if !calendar.isEmpty && calendar.first.time < endTime {
                if staleCalendarEntries > 64 && staleCalendarEntries * 2 > calendar.count { compactCalendar() }
                activation = calendar.popFirst()
                // A cancelled activation (interrupted hold, finished process) neither runs nor moves the clock.
                guard dispatch(activation) else {
                    staleCalendarEntries -= 1
                    continue
                }
            } else {
                return true
            }
            if let condition, condition() { return false }
        }
        return false
    }

    @inline(__always)
    private func dispatch(_ activation: Activation) -> Bool {
        activation.process._withUnsafeGuaranteedRef { process in
            guard process.token == activation.token else {
                discardStale(process)
                return false
            }
            scheduler.now = activation.time
            process.state = .running
            dispatchedCount &+= 1
            if let trace { trace(TraceEntry(time: activation.time, processName: process.name, sequence: dispatchedCount)) }
            currentProcess = ObjectIdentifier(process)
            process.resume()
            currentProcess = nil
            if process.state == .running {
                process.state = .passive
            } else if process.state == .finished && process.staleActivations == 0 {
                unregister(process)  // may free the process: touch it no more
            }
            return true
        }
    }

    /// Accounts for a cancelled activation; a finished process is let go with its last one.
    private func discardStale(_ process: Process) {
        process.staleActivations -= 1
        if process.state == .finished && process.staleActivations == 0 { unregister(process) }
    }

    /// Drops every cancelled activation from the calendar at once.
    private func compactCalendar() {
        let removed = scheduler.calendar.removeAll { activation in
            activation.process._withUnsafeGuaranteedRef { $0.token != activation.token }
        }
        staleCalendarEntries = 0
        for activation in removed { activation.process._withUnsafeGuaranteedRef { discardStale($0) } }
    }

    /// Starts the statistics of every monitor afresh from now: the end of the warm-up period.
    public func resetStatistics() {
        statisticsStart = now
        for monitor in monitors { monitor.resetStatistics(at: now) }
    }

    func register(_ monitor: any StatisticsMonitor) { monitors.append(monitor) }
}

/// One process resumption, as handed to `Simulation.trace`.
public struct TraceEntry: Sendable, Equatable {
    public let time: Double
    public let processName: String
    /// 1 for the first activation dispatched, then counting up.
    public let sequence: UInt64
}
