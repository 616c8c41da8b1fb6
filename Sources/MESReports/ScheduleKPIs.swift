import Foundation

/// `kpis.json` → `schedule`: how a production plan held up across replications.
public struct ScheduleKPIs: Codable, Sendable, Equatable {
    public struct Order: Codable, Sendable, Equatable {
        public var id: String
        /// Due time, hours from the scenario's start.
        public var dueHours: Double
        /// Share of replications in which the order completed after its due time (or not by the horizon).
        public var lateProbability: Double
        /// Share of replications in which it was completed with serials scrapped (delivered short).
        public var shortProbability: Double
        /// Completion less due (negative: early), over the replications where it completed.
        public var latenessHours: Figure
        /// 90th percentile of that lateness (an order not completed counts as the horizon's end).
        public var lateness90Hours: Double?
        /// The most frequent cause of delay among the late replications.
        public var mainCause: String?

        public init(id: String, dueHours: Double, lateProbability: Double, shortProbability: Double, latenessHours: Figure, lateness90Hours: Double?,
                    mainCause: String?) {
            self.shortProbability = shortProbability
            self.id = id
            self.dueHours = dueHours
            self.lateProbability = lateProbability
            self.latenessHours = latenessHours
            self.lateness90Hours = lateness90Hours
            self.mainCause = mainCause
        }
    }

    public struct Machine: Codable, Sendable, Equatable {
        public var id: String
        /// Booked working time (bookings clipped to the shift calendar) over the horizon.
        public var plannedUtilization: Double
        /// Execute and setup time over the horizon, from the MES record.
        public var simulatedUtilization: Figure

        public init(id: String, plannedUtilization: Double, simulatedUtilization: Figure) {
            self.id = id
            self.plannedUtilization = plannedUtilization
            self.simulatedUtilization = simulatedUtilization
        }
    }

    public var policy: String
    public var orders: [Order]
    public var machines: [Machine]
    /// Actual less planned start of each booking (hours), per replication mean.
    public var startDeviationHours: Figure
    /// 90th percentile of all start deviations pooled.
    public var startDeviation90Hours: Double?
    /// Jobs taken out of the planned sequence per replication.
    public var sequenceDeviations: Figure
    /// Bookings that had not started by the horizon, per replication (their start deviations
    /// count up to the horizon).
    public var bookingsNotStarted: Figure

    public init(policy: String, orders: [Order], machines: [Machine], startDeviationHours: Figure, startDeviation90Hours: Double?, sequenceDeviations: Figure,
                bookingsNotStarted: Figure) {
        self.bookingsNotStarted = bookingsNotStarted
        self.policy = policy
        self.orders = orders
        self.machines = machines
        self.startDeviationHours = startDeviationHours
        self.startDeviation90Hours = startDeviation90Hours
        self.sequenceDeviations = sequenceDeviations
    }

    /// Nearest-rank percentile of `values`; nil when empty.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
