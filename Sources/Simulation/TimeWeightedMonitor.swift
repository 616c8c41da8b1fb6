import Stochastics

/// A piecewise-constant quantity of the model (queue length, WIP, busy units) averaged over
/// simulated time since the last statistics reset.
public final class TimeWeightedMonitor: StatisticsMonitor {
    public let name: String
    @usableFromInline let scheduler: Scheduler
    @usableFromInline var average: TimeWeightedAverage

    public init(_ simulation: Simulation, name: String, initialValue: Double = 0) {
        scheduler = simulation.scheduler
        self.name = name
        average = TimeWeightedAverage(startingAt: simulation.now, value: initialValue)
        simulation.register(self)
    }

    /// The quantity changes to `value` now.
    @inlinable public func set(_ value: Double) { average.record(value, at: scheduler.now) }

    /// The quantity changes by `delta` now.
    @inlinable public func add(_ delta: Double) { average.record(average.current + delta, at: scheduler.now) }

    /// The statistic so far.
    public var statistic: TimeWeightedAverage { average }
    public var current: Double { average.current }
    /// The time average up to now.
    public var mean: Double { average.mean(at: scheduler.now) }
    public var maximum: Double { average.max }

    public func resetStatistics(at time: Double) { average.reset(at: time) }
}
