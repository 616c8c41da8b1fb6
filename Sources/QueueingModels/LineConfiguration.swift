import Stochastics

/// A serial line: an arrival stream (or an always-full first station), stations in series
/// each with its service-time distribution, and a buffer of given capacity in front of each
/// station. Stations block after service while the next buffer is full.
///
/// One station with Poisson arrivals is M/G/1; a finite first buffer turns arrivals away when
/// full (M/M/1/K with K = capacity + 1).
public struct LineConfiguration: Sendable {
    public enum Arrivals: Sendable {
        /// Parts arrive with these inter-arrival times; an arrival finding the first buffer full is lost.
        case stream(Distribution)
        /// The first station never waits for material.
        case saturated
    }

    public var arrivals: Arrivals
    public var services: [Distribution]
    /// `bufferCapacities[i]` is the room in front of station i (`Int.max` for unlimited);
    /// the first entry is unused when arrivals are saturated.
    public var bufferCapacities: [Int]

    public init(arrivals: Arrivals, services: [Distribution], bufferCapacities: [Int]) {
        precondition(!services.isEmpty, "a line needs at least one station")
        precondition(bufferCapacities.count == services.count, "one buffer capacity per station")
        self.arrivals = arrivals
        self.services = services
        self.bufferCapacities = bufferCapacities
    }

    /// Poisson arrivals at `arrivalRate` into stations with unlimited buffers.
    public static func openLine(arrivalRate: Double, services: [Distribution]) -> LineConfiguration {
        LineConfiguration(
            arrivals: .stream(.exponential(mean: 1 / arrivalRate)), services: services,
            bufferCapacities: Array(repeating: .max, count: services.count))
    }

    /// A saturated line with `buffer` places between consecutive stations.
    public static func saturatedLine(services: [Distribution], buffer: Int) -> LineConfiguration {
        LineConfiguration(arrivals: .saturated, services: services, bufferCapacities: Array(repeating: buffer, count: services.count))
    }

    /// The name of station `index`'s random stream (also used by the Lindley recursion).
    public static func serviceStreamName(station index: Int) -> String { "station-\(index + 1).service" }
    public static let arrivalStreamName = "arrivals"
}
