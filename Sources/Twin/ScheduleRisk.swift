import Foundation
import MESReports

/// Turns each replication's plan outcome into the plan's risk figures.
enum ScheduleRisk {
    /// `workingHours(from, to)` gives the plant's working hours between two instants (the shift calendar).
    static func kpis(_ outcomes: [ScheduleOutcome], runs: [RunKPIs], policy: PlanPolicy, horizonHours: Double,
                     workingHours: (Double, Double) -> Double) -> ScheduleKPIs {
        let ids = outcomes.first?.orders.map(\.id) ?? []
        let orders = ids.map { id -> ScheduleKPIs.Order in
            let rows = outcomes.compactMap { $0.orders.first { $0.id == id } }
            let due = rows.first?.due ?? 0
            // Late: completed after the due time, or not completed although due inside the horizon
            // (not completed and due after the horizon is not known to be late).
            func isLate(_ row: ScheduleOutcome.Order) -> Bool { row.completed.map { $0 > due } ?? (due <= horizonHours) }
            let late = rows.filter(isLate)
            let lateness = rows.compactMap { row in row.completed.map { $0 - due } }
            let pooled = rows.map { ($0.completed ?? max(horizonHours, due)) - due }
            let causes = Dictionary(grouping: late.compactMap(\.cause), by: { $0 }).mapValues(\.count)
            return ScheduleKPIs.Order(
                id: id, dueHours: due, lateProbability: rows.isEmpty ? 0 : Double(late.count) / Double(rows.count),
                shortProbability: rows.isEmpty ? 0 : Double(rows.filter(\.short).count) / Double(rows.count),
                latenessHours: Figure(lateness), lateness90Hours: ScheduleKPIs.percentile(pooled, 0.9),
                mainCause: causes.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
        }
        let window = max(horizonHours, 1e-9)
        let steps = outcomes.first?.steps ?? []
        let machineIds = Array(Set(steps.map(\.machine))).sorted()
        let machines = machineIds.map { id -> ScheduleKPIs.Machine in
            // Booked working time: each booking's interval inside the horizon and the shift calendar.
            let booked = steps.filter { $0.machine == id }.reduce(0.0) { $0 + workingHours(max(0, $1.plannedStart), min($1.plannedEnd, horizonHours)) }
            return ScheduleKPIs.Machine(id: id, plannedUtilization: booked / window, simulatedUtilization: Figure(runs.map { run in
                run.machines.first { $0.id == id }.map { ($0.productionHours + $0.setupHours) / run.windowHours }
            }))
        }
        // A booking that never started counts with its delay up to the horizon (a lower bound).
        let deviations = outcomes.map { outcome in outcome.steps.map { step in (step.actualStart ?? max(horizonHours, step.plannedStart)) - step.plannedStart } }
        return ScheduleKPIs(
            policy: policy.rawValue, orders: orders, machines: machines,
            startDeviationHours: Figure(deviations.map { $0.isEmpty ? nil : $0.reduce(0, +) / Double($0.count) }),
            startDeviation90Hours: ScheduleKPIs.percentile(deviations.flatMap { $0 }, 0.9),
            sequenceDeviations: Figure(outcomes.map { Double($0.deviations) }),
            bookingsNotStarted: Figure(outcomes.map { outcome in Double(outcome.steps.filter { $0.actualStart == nil }.count) }))
    }
}
