import Foundation

/// What one run's charts need beyond its KPIs: series over time, machine-state spans, lead
/// times, the work-order table, NCR counts and the measured values per characteristic. Times
/// are hours from the start of the observation window.
public struct RunDetail: Sendable, Equatable, Codable {
    public var windowHours: Double
    public var binHours: Double
    /// Serials completed good per bin.
    public var throughput: [Int] = []
    /// Time-weighted mean WIP per bin.
    public var wip: [Double] = []
    /// Serials completed good per shift block of the clock (early 06–14, late 14–22, night 22–06),
    /// and how many of each block the window holds.
    public var shiftThroughput: [String: Int] = [:]
    public var shiftBlocks: [String: Double] = [:]
    /// Machine states over the window, by machine id.
    public var spans: [String: [StateSpan]] = [:]
    public var leadTimes: [Double] = []
    public var orders: [OrderRow] = []
    /// NCRs opened in the window, by characteristic and by where they were found.
    public var ncrByCharacteristic: [String: Int] = [:]
    public var ncrByInspection: [String: Int] = [:]
    /// Results recorded in the window per "plan/characteristic", in the order recorded.
    public var measurements: [String: [Double]] = [:]

    public struct StateSpan: Sendable, Equatable, Codable {
        public let start: Double
        public let end: Double
        /// `execute`, `setup`, `idle`, `blocked`, `held`, `down`, `maintenance`, `stopped` (or `planned`, for a plan's bookings).
        public let category: String

        public init(start: Double, end: Double, category: String) {
            self.start = start
            self.end = end
            self.category = category
        }
    }

    public struct OrderRow: Sendable, Equatable, Codable {
        public let id: String
        public let part: String
        public let quantity: Int
        public let released: Double
        public let completed: Double?
        /// End of the target date, if the order has one.
        public let due: Double?
        public let status: String
        /// Completion less the due time (positive is late); nil while open or without a due date.
        public var lateness: Double? {
            guard let due, let completed else { return nil }
            return completed - due
        }
    }

    /// The clock's shift block of an instant: early 06–14, late 14–22, night 22–06 (UTC).
    static func shiftBlock(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let hour = calendar.component(.hour, from: date)
        return (6..<14).contains(hour) ? "early" : (14..<22).contains(hour) ? "late" : "night"
    }
}
