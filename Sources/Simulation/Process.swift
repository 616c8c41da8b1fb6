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
///
/// Processes, resources and buffers belong to one simulation and must not outlive it.
open class Process {
    public final unowned(unsafe) let simulation: Simulation
    @usableFromInline final let scheduler: Scheduler
    public final let name: String
    @usableFromInline final var state = ProcessState.created
    @usableFromInline final var token: UInt32 = 0
    @usableFromInline final var holdUntil = 0.0
    /// Whether the pending calendar activation ends a `hold` (rather than a delayed start or activation).
    @usableFromInline final var holdPending = false
    /// The queue that has granted this process what it asked for, until the process takes it.
    @usableFromInline final var grantedBy: ObjectIdentifier?
    @usableFromInline final var grantKind = GrantKind.unit
    /// The queue the process waits in, or that holds its pending grant, so an interrupt can undo either.
    @usableFromInline final unowned(unsafe) var waitQueue: (any WaitQueue)?
    /// Resource units held (granted, taken or not); a process must release them before it finishes.
    @usableFromInline final var heldUnits = 0
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

    /// Whether the process waits to be activated (it returned from `resume()` without waiting).
    public var isPassive: Bool { state == .passive }

    /// Whether the process is in the middle of a `hold`.
    public var isHolding: Bool { state == .scheduled && holdPending }

    /// Waits for `duration` of simulated time; among processes resuming at the same time,
    /// lower `priority` goes first, then the one that called `hold` first.
    @inlinable
    public final func hold(_ duration: Double, priority: Int = 0) {
        precondition(duration >= 0 && !duration.isNaN, "process '\(name)': hold(\(duration)) needs a non-negative duration")
        precondition(state == .running, "process '\(name)' can only hold while it is running")
        holdUntil = scheduler.now + duration
        holdPending = true
        scheduler.schedule(self, at: holdUntil, priority: priority)
    }

    /// Wakes a passive process (one that returned from `resume()` without waiting): at once,
    /// ahead of other activations at this instant, or after `delay` / with an explicit `priority`
    /// through the calendar.
    public final func activate(after delay: Double = 0, priority: Int = 0) {
        precondition(state == .passive, "process '\(name)' can only be activated when passive (it is \(state))")
        precondition(delay >= 0 && !delay.isNaN, "process '\(name)': activate(after: \(delay)) needs a non-negative delay")
        holdPending = false
        if delay == 0 && priority == 0 {
            scheduler.makeReady(self)
        } else {
            scheduler.schedule(self, at: scheduler.now + delay, priority: priority)
        }
    }

    /// Ends the process: a pending wait or grant is withdrawn, pending activations are
    /// cancelled, and the simulation lets go of it. Resource units must have been released.
    public final func finish() {
        precondition(state != .finished, "process '\(name)' has already finished")
        precondition(state != .created, "process '\(name)' was never started")
        let isCurrent = simulation.currentProcess == ObjectIdentifier(self)
        switch state {
        case .waiting:
            waitQueue?.cancelWait(self)
        case .scheduled:
            staleActivations += 1
            simulation.staleCalendarEntries += 1
        case .ready:
            staleActivations += 1
            if grantedBy != nil { _ = revokeGrant() }
        default:
            break
        }
        precondition(heldUnits == 0, "process '\(name)' finished while holding \(heldUnits) resource unit(s); release them first")
        waitQueue = nil
        token &+= 1
        state = .finished
        // A process finishing itself is let go by the loop once `resume()` has returned.
        if staleActivations == 0 && !isCurrent { simulation.unregister(self) }
    }

    /// Interrupts this process from another one: its hold is cancelled (the remaining time is
    /// reported in the interrupt), it leaves any queue it waits in, a resource unit or buffer
    /// item granted but not yet taken is given back, and it resumes at the current instant
    /// with the interrupt available from `takeInterrupt()`.
    public final func interrupt(_ cause: Interrupt.Cause) {
        precondition(simulation.currentProcess != ObjectIdentifier(self), "process '\(name)' cannot interrupt itself")
        precondition(state != .finished && state != .created, "process '\(name)' is not running (\(state)) and cannot be interrupted")
        var remaining: Double?
        var completedPut = false
        switch state {
        case .scheduled:
            if holdPending { remaining = holdUntil - scheduler.now }
            staleActivations += 1
            simulation.staleCalendarEntries += 1
        case .waiting:
            waitQueue?.cancelWait(self)
            waitQueue = nil
        case .ready:
            if grantedBy != nil { completedPut = revokeGrant() }
        default:
            break
        }
        interrupts.append(Interrupt(cause: cause, time: scheduler.now, remainingHold: remaining, completedPut: completedPut))
        if state != .ready {
            holdPending = false
            scheduler.makeReady(self)
        }
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
    final func grant(by queue: any WaitQueue, kind: GrantKind) {
        precondition(grantedBy == nil, "process '\(name)' was granted twice before resuming")
        grantedBy = ObjectIdentifier(queue)
        grantKind = kind
        waitQueue = queue
        scheduler.makeReady(self)
    }

    /// Consumes a grant of `kind` from `queue`, if this process holds one.
    @inlinable
    final func takeGrant(from queue: ObjectIdentifier, kind: GrantKind) -> Bool {
        guard grantedBy == queue && grantKind == kind else { return false }
        grantedBy = nil
        waitQueue = nil
        return true
    }

    /// Drops a grant that the granting queue has already taken back (a preempted unit).
    @usableFromInline
    final func forgetGrant(from queue: ObjectIdentifier) {
        if grantedBy == queue {
            grantedBy = nil
            waitQueue = nil
        }
    }

    /// Hands a pending grant back to its queue; true when it could not be undone (a blocked
    /// put whose item was already admitted).
    private func revokeGrant() -> Bool {
        let undone = waitQueue?.revokeGrant(self, kind: grantKind) ?? true
        grantedBy = nil
        waitQueue = nil
        return !undone
    }
}

/// What a queue granted a waiting process.
public enum GrantKind: UInt8, Sendable {
    /// A resource unit.
    case unit
    /// A buffer item set aside for a starved getter.
    case item
    /// A blocked putter's item admitted into a buffer.
    case put
}

/// Where a process is in its life.
public enum ProcessState: Sendable, CustomStringConvertible {
    case created, scheduled, ready, running, waiting, passive, finished

    public var description: String {
        switch self {
        case .created: "created"
        case .scheduled: "scheduled"
        case .ready: "ready"
        case .running: "running"
        case .waiting: "waiting"
        case .passive: "passive"
        case .finished: "finished"
        }
    }
}

/// A queue processes wait in (a resource, a buffer); it must let an interrupted or finished
/// process go, and take back what it granted and the process never took.
public protocol WaitQueue: AnyObject {
    func cancelWait(_ process: Process)
    /// Takes back a pending grant; returns false when it cannot be undone.
    func revokeGrant(_ process: Process, kind: GrantKind) -> Bool
}
