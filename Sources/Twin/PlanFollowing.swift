import Foundation
import MESCore
import PlantFiles

/// What to do when a machine is free but the job its plan names next is not ready.
public enum PlanPolicy: String, Sendable, CaseIterable {
    /// Wait for the planned job: the plan's sequence holds.
    case wait
    /// Take the next job in the machine's planned sequence that is ready, and count the deviation.
    case next
}

/// One booking of the plan as the simulator follows it (times in simulated hours), and what
/// became of it in this replication.
final class PlannedStep {
    let booking: ProductionPlan.Booking
    let start: Double
    let end: Double
    /// Position in its machine's planned sequence.
    var sequence = 0
    var actualStart: Double?
    var actualEnd: Double?
    /// Why it could not start at its planned time, found at that time.
    var cause: String?

    init(_ booking: ProductionPlan.Booking, start: Double, end: Double) {
        self.booking = booking
        self.start = start
        self.end = end
    }
}

/// The outcome of following a plan in one replication.
public struct ScheduleOutcome: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public let workOrder: String
        public let operation: Int
        public let machine: String
        public let plannedStart: Double
        public let plannedEnd: Double
        public let actualStart: Double?
        public let actualEnd: Double?
        public let cause: String?
    }

    public struct Order: Sendable, Equatable {
        public let id: String
        public let due: Double
        /// When the MES completed it (hours from the scenario's start); nil if not by the horizon.
        public let completed: Double?
        /// Completed with fewer good serials than ordered (the rest scrapped).
        public let short: Bool
        /// Why it ran late, when it did: the cause behind its most delayed step.
        public let cause: String?
    }

    public let steps: [Step]
    public let orders: [Order]
    /// Jobs a machine took out of its planned sequence (policy `next`).
    public let deviations: Int
}

/// Follows a plan: each machine works its planned sequence, starting a booking no earlier than
/// planned and as soon as the job, the machine and an operator allow.
final class PlanFollower {
    let policy: PlanPolicy
    let orders: [ProductionPlan.Order]
    /// Planned steps per machine, in planned order, and per (plan order, operation).
    private(set) var sequences: [String: [PlannedStep]] = [:]
    private var steps: [String: PlannedStep] = [:]
    /// Every step, machine by machine in planned order (kept: probes and closing look at all of them).
    private(set) var allSteps: [PlannedStep] = []
    private var pointer: [String: Int] = [:]
    var deviations = 0

    init(plan: ProductionPlan, start: Date, policy: PlanPolicy) {
        self.policy = policy
        orders = plan.orders
        for booking in plan.bookings {
            let step = PlannedStep(booking, start: booking.start.timeIntervalSince(start) / 3_600, end: booking.end.timeIntervalSince(start) / 3_600)
            steps[Self.key(booking.workOrder, booking.operation)] = step
            sequences[booking.machine, default: []].append(step)
        }
        for (machine, list) in sequences {
            let sorted = list.sorted { ($0.start, $0.booking.location) < ($1.start, $1.booking.location) }
            for (index, step) in sorted.enumerated() { step.sequence = index }
            sequences[machine] = sorted
        }
        allSteps = sequences.keys.sorted().flatMap { sequences[$0]! }
    }

    static func key(_ order: String, _ operation: Int) -> String { "\(order)/\(operation)" }

    func step(order: String, operation: Int) -> PlannedStep? { steps[Self.key(order, operation)] }

    /// The machine's first planned step not yet done.
    func current(on machine: String, isDone: (PlannedStep) -> Bool) -> PlannedStep? {
        guard let list = sequences[machine] else { return nil }
        var index = pointer[machine] ?? 0
        while index < list.count && isDone(list[index]) { index += 1 }
        pointer[machine] = index
        return index < list.count ? list[index] : nil
    }

}
