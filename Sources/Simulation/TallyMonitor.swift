import Stochastics

/// Per-entity observations (waiting time, lead time, time between failures) since the last
/// statistics reset.
public final class TallyMonitor: StatisticsMonitor {
    public let name: String
    @usableFromInline var tally = Tally()

    public init(_ simulation: Simulation, name: String) {
        self.name = name
        simulation.register(self)
    }

    @inlinable public func record(_ value: Double) { tally.record(value) }

    /// The statistic so far.
    public var statistic: Tally { tally }

    public var count: Int { tally.count }
    public var mean: Double { tally.mean }

    public func resetStatistics(at time: Double) { tally.reset() }
}
