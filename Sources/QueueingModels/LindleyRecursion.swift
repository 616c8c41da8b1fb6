import Stochastics

/// The FIFO single-server queue without any event machinery: W(n+1) = max(0, W(n) + S(n) − A(n+1)).
/// With the same random streams as a one-station `ProductionLine` it produces the same waits,
/// so it is both a correctness oracle and the speed floor for the kernel.
public enum LindleyRecursion {
    /// Mean wait in queue of `customers` customers, the first arriving to an empty system.
    public static func meanWait(customers: Int, interarrival: Distribution, service: Distribution, streams: RandomStreams) -> Double {
        var total = 0.0
        forEachWait(customers: customers, interarrival: interarrival, service: service, streams: streams) { total += $0 }
        return total / Double(customers)
    }

    /// Calls `body` with each customer's wait in queue, in order of arrival.
    @inlinable
    public static func forEachWait(
        customers: Int, interarrival: Distribution, service: Distribution, streams: RandomStreams, _ body: (Double) -> Void
    ) {
        let arrivals = streams.stream(named: LineConfiguration.arrivalStreamName)
        let services = streams.stream(named: LineConfiguration.serviceStreamName(station: 0))
        // The line's source draws its first gap before the first arrival, so skip one here too.
        _ = interarrival.sample(arrivals)
        var wait = 0.0
        for _ in 0..<customers {
            body(wait)
            wait = Swift.max(0, wait + service.sample(services) - interarrival.sample(arrivals))
        }
    }
}
