/// An active entity of the model — a machine, an operator, a part's journey, a failure
/// source — written as a small state machine: the simulation calls `resume()` whenever the
/// process may go on, and `resume()` advances the process until it has to wait again.
///
/// Waiting is one of: `hold(_:)` for a duration, a `Resource.request`/`Buffer.get`/`Buffer.put`
/// that answers false (the process is resumed once it is granted and then calls the same
/// method again, which now answers true), or returning without waiting (passive until someone
/// calls `activate()`). The idiom reads like SimPy's `yield`:
///
///     override func resume() {
///         while true {
///             switch step {
///             case .load:
///                 guard let part = input.get(self) else { return }   // starved: resumed once a part is ours
///                 self.part = part
///                 step = .unload
///                 hold(cycleTime.sample(stream))
///                 return
///             case .unload:
///                 guard output.put(part, self) else { return }       // blocked until there is room
///                 step = .load
///             }
///         }
///     }
open class Process {
    public final unowned(unsafe) let simulation: Simulation
    @usableFromInline final let scheduler: Scheduler
    public final let name: String
    @usableFromInline final var state = ProcessState.created
    @usableFromInline final var token: UInt32 = 0
    @usableFromInline final var holdUntil = 0.0
    /// The resource or buffer that has granted this waiting process what it asked for.
    @usableFromInline final var grantedBy: ObjectIdentifier?
    /// What the process is queued on, so an interrupt can take it out of the queue.
    @usableFromInline final unowned(unsafe) var waitQueue: (any WaitQueue)?
    @usableFromInline final var registryIndex = -1
    /// Cancelled activations still in the calendar or ready queue; a finished process stays
    /// registered (alive) until they have been popped, since they point at it unretained.
    @usableFromInline final var staleActivations = 0
    @usableFromInline final var interrupts: [Interrupt] = []

    public init(_ simulation: Simulation, name: String) {
        self.simulation = simulation
        scheduler = simulation.scheduler
        self.name = name
    }

    /// Advances the process; called by the simulation, never directly by a model.
    open func resume() {
        preconditionFailure("process '\(name)' must override resume()")
    }

    /// The current simulated time.
    @inlinable public var now: Double { scheduler.now }

    /// Whether the process has called `finish()`.
    public var isFinished: Bool { state == .finished }

    /// Whether the process is pending in the calendar (holding).
    public var isHolding: Bool { state == .scheduled }

    /// Waits for `duration` of simulated time; among processes resuming at the same time,
    /// lower `priority` goes first, then the one that called `hold` first.
    @inlinable
    public final func hold(_ duration: Double, priority: Int = 0) {
        precondition(duration >= 0 && !duration.isNaN, "process '\(name)': hold(\(duration)) needs a non-negative duration")
        precondition(state == .running, "process '\(name)' can only hold while it is running")
        holdUntil = scheduler.now + duration
        scheduler.schedule(self, at: holdUntil, priority: priority)
    }

    /// Wakes a passive process (one that returned from `resume()` without waiting) at the
    /// current instant, or after `delay`.
    public final func activate(after delay: Double = 0, priority: Int = 0) {
        precondition(state == .passive, "process '\(name)' can only be activated when passive (it is \(state))")
        if delay == 0 {
            scheduler.makeReady(self)
        } else {
            scheduler.schedule(self, at: scheduler.now + delay, priority: priority)
        }
    }

    /// Ends the process: pending activations are cancelled and the simulation lets go of it.
    public final func finish() {
        precondition(state != .finished, "process '\(name)' has already finished")
        let wasRunning = state == .running
        if state == .waiting { waitQueue?.cancelWait(self) }
        if state == .scheduled || state == .ready { staleActivations += 1 }
        waitQueue = nil
        token &+= 1
        state = .finished
        // A process finishing itself is let go by the loop once `resume()` has returned.
        if staleActivations == 0 && !wasRunning { simulation.unregister(self) }
    }

    /// Interrupts this process from another one: its hold is cancelled (the remaining time is
    /// reported in the interrupt), it leaves any queue it waits in, and it resumes at the
    /// current instant with the interrupt available from `takeInterrupt()`.
    public final func interrupt(_ cause: Interrupt.Cause) {
        precondition(state != .running, "process '\(name)' cannot interrupt itself")
        precondition(state != .finished && state != .created, "process '\(name)' is not running (\(state)) and cannot be interrupted")
        var remaining: Double?
        switch state {
        case .scheduled:
            remaining = holdUntil - scheduler.now
            staleActivations += 1
        case .waiting:
            waitQueue?.cancelWait(self)
            waitQueue = nil
        default:
            break
        }
        interrupts.append(Interrupt(cause: cause, time: scheduler.now, remainingHold: remaining))
        if state != .ready { scheduler.makeReady(self) }
    }

    /// The oldest interrupt not yet handled, if any; a process that can be interrupted asks
    /// for it at the top of `resume()`.
    public final func takeInterrupt() -> Interrupt? {
        interrupts.isEmpty ? nil : interrupts.removeFirst()
    }

    /// Puts the running process in `queue` until the queue grants it.
    @inlinable
    final func wait(in queue: any WaitQueue) {
        precondition(state == .running, "process '\(name)' can only wait while it is running")
        state = .waiting
        waitQueue = queue
    }

    /// Called by the queue the process waits in once it has what it asked for.
    @inlinable
    final func grant(by queue: ObjectIdentifier) {
        grantedBy = queue
        waitQueue = nil
        scheduler.makeReady(self)
    }

    /// Consumes a grant from `queue`, if this process holds one.
    @inlinable
    final func takeGrant(from queue: ObjectIdentifier) -> Bool {
        guard grantedBy == queue else { return false }
        grantedBy = nil
        return true
    }
}

/// Where a process is in its life.
public enum ProcessState: Sendable, CustomStringConvertible {
    case created, scheduled, ready, running, waiting, passive, finished

    public var description: String {
        switch self {
        case .created: "created"
        case .scheduled: "holding"
        case .ready: "ready"
        case .running: "running"
        case .waiting: "waiting"
        case .passive: "passive"
        case .finished: "finished"
        }
    }
}

/// A queue processes wait in (a resource, a buffer); it must let an interrupted process go.
public protocol WaitQueue: AnyObject {
    func cancelWait(_ process: Process)
}
