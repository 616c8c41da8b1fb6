/// A count of occurrences (parts out, arrivals lost, failures) since the last statistics reset.
public final class CounterMonitor: StatisticsMonitor {
    public let name: String
    @usableFromInline var occurrences = 0
    @usableFromInline let scheduler: Scheduler
    private var since: Double

    public init(_ simulation: Simulation, name: String) {
        self.name = name
        scheduler = simulation.scheduler
        since = simulation.now
        simulation.register(self)
    }

    @inlinable public func increment(by amount: Int = 1) { occurrences += amount }

    public var count: Int { occurrences }

    /// Occurrences per unit of simulated time since the last reset.
    public var rate: Double {
        let elapsed = scheduler.now - since
        return elapsed > 0 ? Double(occurrences) / elapsed : 0
    }

    public func resetStatistics(at time: Double) {
        occurrences = 0
        since = time
    }
}
