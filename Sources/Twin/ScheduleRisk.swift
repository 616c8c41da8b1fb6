import Foundation
import MESReports

/// Turns each replication's plan outcome into the plan's risk figures.
enum ScheduleRisk {
    static func kpis(_ outcomes: [ScheduleOutcome], runs: [RunKPIs], policy: PlanPolicy, horizonHours: Double, warmupHours: Double) -> ScheduleKPIs {
        let ids = outcomes.first?.orders.map(\.id) ?? []
        let orders = ids.map { id -> ScheduleKPIs.Order in
            let rows = outcomes.compactMap { $0.orders.first { $0.id == id } }
            let due = rows.first?.due ?? 0
            let late = rows.filter { ($0.completed ?? .infinity) > due }
            let lateness = rows.compactMap { row in row.completed.map { $0 - due } }
            let pooled = rows.map { ($0.completed ?? horizonHours) - due }
            let causes = Dictionary(grouping: late.compactMap(\.cause), by: { $0 }).mapValues(\.count)
            return ScheduleKPIs.Order(
                id: id, dueHours: due, lateProbability: rows.isEmpty ? 0 : Double(late.count) / Double(rows.count),
                latenessHours: Figure(lateness), lateness90Hours: ScheduleKPIs.percentile(pooled, 0.9),
                mainCause: causes.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
        }
        let window = max(horizonHours - warmupHours, 1e-9)
        let steps = outcomes.first?.steps ?? []
        let machineIds = Array(Set(steps.map(\.machine))).sorted()
        let machines = machineIds.map { id -> ScheduleKPIs.Machine in
            let booked = steps.filter { $0.machine == id }.reduce(0.0) { total, step in
                total + max(0, min(step.plannedEnd, horizonHours) - max(step.plannedStart, warmupHours))
            }
            return ScheduleKPIs.Machine(id: id, plannedUtilization: booked / window,
                                        simulatedUtilization: Figure(runs.map { run in run.machines.first { $0.id == id }.map { $0.utilization(windowHours: run.windowHours) } }))
        }
        let deviations = outcomes.map { outcome in outcome.steps.compactMap { step in step.actualStart.map { $0 - step.plannedStart } } }
        return ScheduleKPIs(
            policy: policy.rawValue, orders: orders, machines: machines,
            startDeviationHours: Figure(deviations.map { $0.isEmpty ? nil : $0.reduce(0, +) / Double($0.count) }),
            startDeviation90Hours: ScheduleKPIs.percentile(deviations.flatMap { $0 }, 0.9),
            sequenceDeviations: Figure(outcomes.map { Double($0.deviations) }))
    }
}
