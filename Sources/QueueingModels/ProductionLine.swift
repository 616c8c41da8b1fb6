import Simulation
import Stochastics

/// A serial line built on the simulation kernel, with the statistics queueing theory
/// predicts: per-station utilisation, queue length and wait; system WIP, time in system,
/// throughput and lost arrivals.
public final class ProductionLine {
    public let configuration: LineConfiguration
    public let simulation = Simulation()
    /// `buffers[i]` feeds station i; nil for a saturated first station.
    let buffers: [Buffer<Job>?]
    let flow: LineFlow
    private(set) var stations: [Station] = []

    public init(_ configuration: LineConfiguration, streams: RandomStreams) {
        self.configuration = configuration
        let simulation = self.simulation
        buffers = configuration.bufferCapacities.enumerated().map { index, capacity in
            if index == 0, case .saturated = configuration.arrivals { return nil }
            return Buffer<Job>(simulation, name: "buffer-\(index + 1)", capacity: capacity)
        }
        flow = LineFlow(simulation, entry: buffers[0])
        for (index, service) in configuration.services.enumerated() {
            let output = index + 1 < buffers.count ? buffers[index + 1] : nil
            stations.append(
                Station(
                    flow: flow, index: index, input: buffers[index], output: output, service: service,
                    stream: streams.stream(named: LineConfiguration.serviceStreamName(station: index))))
        }
        for station in stations { simulation.start(station) }
        if case .stream(let interarrival) = configuration.arrivals {
            simulation.start(
                ArrivalSource(flow: flow, interarrival: interarrival, stream: streams.stream(named: LineConfiguration.arrivalStreamName)))
        }
    }

    /// Runs a warm-up period, resets the statistics, then runs `length` more time units.
    public func run(warmUp: Double, length: Double) -> LineStatistics {
        simulation.run(until: simulation.now + warmUp)
        simulation.resetStatistics()
        simulation.run(until: simulation.now + length)
        return statistics()
    }

    /// Runs until `count` more parts have left the line (no warm-up).
    public func run(departures count: Int) -> LineStatistics {
        flow.stop(afterDepartures: count)
        simulation.run()
        flow.stop(afterDepartures: .max)
        return statistics()
    }

    public func statistics() -> LineStatistics {
        LineStatistics(
            elapsed: simulation.now - simulation.statisticsStart,
            departures: flow.departures.count,
            throughput: flow.departures.rate,
            meanWorkInProcess: flow.workInProcess.mean,
            meanTimeInSystem: flow.timeInSystem.mean,
            arrivalsOffered: flow.arrivalsOffered.count,
            arrivalsLost: flow.arrivalsLost.count,
            stations: stations.indices.map { index in
                LineStatistics.StationStatistics(
                    utilization: stations[index].busy.mean,
                    meanQueueLength: buffers[index]?.level.mean ?? 0,
                    meanWaitInQueue: stations[index].waitInQueue.mean,
                    served: stations[index].waitInQueue.count)
            })
    }
}

/// Where parts enter and leave the line, and the system-level statistics of that.
final class LineFlow {
    unowned(unsafe) let simulation: Simulation
    let entry: Buffer<Job>?
    let workInProcess: TimeWeightedMonitor
    let timeInSystem: TallyMonitor
    let departures: CounterMonitor
    let arrivalsOffered: CounterMonitor
    let arrivalsLost: CounterMonitor
    private var serials = 0
    private var departuresLeft = Int.max

    init(_ simulation: Simulation, entry: Buffer<Job>?) {
        self.simulation = simulation
        self.entry = entry
        workInProcess = TimeWeightedMonitor(simulation, name: "wip")
        timeInSystem = TallyMonitor(simulation, name: "time-in-system")
        departures = CounterMonitor(simulation, name: "departures")
        arrivalsOffered = CounterMonitor(simulation, name: "arrivals")
        arrivalsLost = CounterMonitor(simulation, name: "arrivals-lost")
    }

    func stop(afterDepartures count: Int) { departuresLeft = count }

    /// An arrival at `time`: joins the first buffer, or is lost when that is full.
    func arrive(at time: Double) {
        arrivalsOffered.increment()
        guard entry?.offer(Job(serial: serials, arrivedAt: time, queuedAt: time)) == true else {
            arrivalsLost.increment()
            return
        }
        serials += 1
        workInProcess.add(1)
    }

    /// A fresh part for a saturated first station.
    func release(at time: Double) -> Job {
        serials += 1
        workInProcess.add(1)
        return Job(serial: serials - 1, arrivedAt: time, queuedAt: time)
    }

    func depart(_ job: Job, at time: Double) {
        workInProcess.add(-1)
        timeInSystem.record(time - job.arrivedAt)
        departures.increment()
        departuresLeft -= 1
        if departuresLeft == 0 { simulation.stop() }
    }
}

/// What one run of a `ProductionLine` measured, after its warm-up.
public struct LineStatistics: Sendable, Equatable {
    public struct StationStatistics: Sendable, Equatable {
        /// Fraction of time working a part (not blocked, not starved).
        public let utilization: Double
        /// Time-average number of parts waiting in the station's input buffer.
        public let meanQueueLength: Double
        public let meanWaitInQueue: Double
        /// Parts taken from the input buffer (zero for a saturated first station).
        public let served: Int
    }

    public let elapsed: Double
    public let departures: Int
    public let throughput: Double
    /// Time-average number of parts in the line (L).
    public let meanWorkInProcess: Double
    /// Mean time from arrival to departure of the parts that left (W).
    public let meanTimeInSystem: Double
    public let arrivalsOffered: Int
    public let arrivalsLost: Int
    public let stations: [StationStatistics]

    /// Fraction of arrivals turned away at a full first buffer.
    public var blockingProbability: Double { arrivalsOffered > 0 ? Double(arrivalsLost) / Double(arrivalsOffered) : 0 }
}
