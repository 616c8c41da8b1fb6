/// Identical units (machines of a group, operators of a skill, a crane) that processes
/// request and release. Waiting requests are served by priority (lower first), then first
/// come first served; a preemptive request may take a unit from a user of strictly worse
/// priority when no more urgent request is waiting — a breakdown taking a machine from the
/// job on it. The preempted user is interrupted and must request the unit again.
public final class Resource: WaitQueue {
    public let name: String
    public let capacity: Int
    @usableFromInline var users: [Claim] = []
    @usableFromInline var waiting: [Claim] = []
    @usableFromInline var claims: UInt64 = 0
    /// Units in use over time; its mean divided by capacity is the utilisation.
    public let busyUnits: TimeWeightedMonitor
    /// Requests waiting over time.
    public let queueLength: TimeWeightedMonitor

    @usableFromInline
    struct Claim {
        @usableFromInline let process: Unmanaged<Process>
        @usableFromInline let priority: Int
        @usableFromInline let sequence: UInt64

        @inlinable init(process: Unmanaged<Process>, priority: Int, sequence: UInt64) {
            self.process = process
            self.priority = priority
            self.sequence = sequence
        }

        @inlinable func isMoreUrgent(than other: Claim) -> Bool {
            priority < other.priority || (priority == other.priority && sequence < other.sequence)
        }

        @inlinable func belongs(to process: Process) -> Bool { self.process.toOpaque() == Unmanaged.passUnretained(process).toOpaque() }
    }

    public init(_ simulation: Simulation, name: String, capacity: Int = 1) {
        precondition(capacity >= 1, "resource '\(name)' needs a capacity of at least 1, got \(capacity)")
        self.name = name
        self.capacity = capacity
        busyUnits = TimeWeightedMonitor(simulation, name: "\(name).busy")
        queueLength = TimeWeightedMonitor(simulation, name: "\(name).queue")
    }

    /// Units in use now (granted units not yet taken included).
    public var inUse: Int { users.count }
    /// Requests waiting now.
    public var waitingCount: Int { waiting.count }
    /// Mean fraction of the capacity in use since the statistics were last reset.
    public var utilization: Double { busyUnits.mean / Double(capacity) }

    /// Whether `process` holds a unit.
    public func isHeld(by process: Process) -> Bool { users.contains { $0.belongs(to: process) } }

    /// Asks for a unit. Answers true when the process holds one; false when it must wait —
    /// it is then resumed once a unit is granted, and calling `request` again answers true.
    @inlinable
    public func request(_ process: Process, priority: Int = 0, preempt: Bool = false) -> Bool {
        if process.takeGrant(from: ObjectIdentifier(self), kind: .unit) { return true }
        claims &+= 1
        let claim = Claim(process: .passUnretained(process), priority: priority, sequence: claims)
        if users.count < capacity {
            users.append(claim)
            process.heldUnits += 1
            busyUnits.set(Double(users.count))
            return true
        }
        if preempt, waiting.first.map({ claim.isMoreUrgent(than: $0) }) ?? true, let victim = leastUrgentUser(),
            priority < users[victim].priority
        {
            takeUnit(from: victim, for: claim)
            return true
        }
        let position = waiting.firstIndex { claim.isMoreUrgent(than: $0) } ?? waiting.count
        waiting.insert(claim, at: position)
        queueLength.set(Double(waiting.count))
        process.wait(in: self)
        return false
    }

    /// Gives back the unit `process` holds and grants it to the most urgent waiting request.
    @inlinable
    public func release(_ process: Process) {
        guard let index = users.firstIndex(where: { $0.belongs(to: process) }) else {
            preconditionFailure("process '\(process.name)' released resource '\(name)' without holding it")
        }
        users.remove(at: index)
        process.heldUnits -= 1
        grantNext()
    }

    @usableFromInline
    func grantNext() {
        if waiting.isEmpty {
            busyUnits.set(Double(users.count))
            return
        }
        let next = waiting.removeFirst()
        queueLength.set(Double(waiting.count))
        users.append(next)
        next.process._withUnsafeGuaranteedRef { process in
            process.heldUnits += 1
            process.grant(by: self, kind: .unit)
        }
    }

    @usableFromInline
    func takeUnit(from victim: Int, for claim: Claim) {
        let preempted = users[victim].process.takeUnretainedValue()
        users[victim] = claim
        claim.process._withUnsafeGuaranteedRef { $0.heldUnits += 1 }
        preempted.heldUnits -= 1
        // A unit granted to the victim but not yet taken is simply gone now.
        preempted.forgetGrant(from: ObjectIdentifier(self))
        preempted.interrupt(.preempted(resource: self, by: claim.process.takeUnretainedValue()))
    }

    @usableFromInline
    func leastUrgentUser() -> Int? {
        guard var worst = users.indices.first else { return nil }
        for index in users.indices.dropFirst() where users[worst].isMoreUrgent(than: users[index]) { worst = index }
        return worst
    }

    public func cancelWait(_ process: Process) {
        waiting.removeAll { $0.belongs(to: process) }
        queueLength.set(Double(waiting.count))
    }

    /// A unit granted to a process that was interrupted or finished before taking it goes to the next request.
    public func revokeGrant(_ process: Process, kind: GrantKind) -> Bool {
        if let index = users.firstIndex(where: { $0.belongs(to: process) }) {
            users.remove(at: index)
            process.heldUnits -= 1
            grantNext()
        }
        return true
    }
}
