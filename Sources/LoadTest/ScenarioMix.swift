import Foundation
import PlantFiles

extension MESMix {
    /// The mix a scenario's plant generates, per hour, from its machines, routings, operators and demand:
    /// - operation cycles: each machine completes 60 / (mean cycle minutes of the operations its
    ///   work centre performs) operations an hour;
    /// - work-order lookups: two per operation (the operator opens the order to start and to complete);
    /// - consumption: one booking per serial, at its first operation (operations / mean routing length);
    /// - genealogy: one lookup per ten operations (quality's traceability checks);
    /// - dashboards: one terminal per machine and per operator, polling every 30 s;
    /// - create + release: the scenario's order arrival rate (or its listed orders over the horizon);
    /// - inspections: operations per hour × the share of routing operations that have an inspection plan.
    public init(scenario loaded: ScenarioLoader.Loaded) {
        let plant = loaded.plant
        var operationsPerHour = 0.0
        var machinesWithWork = 0
        for machine in plant.machines {
            let cycles = plant.parts.flatMap(\.routing).filter { $0.workCenter == machine.workCenter || ($0.alternateWorkCenters ?? []).contains(machine.workCenter) }
                .map { $0.cycleTime.mean + ($0.setupMinutes ?? 0) }
            guard !cycles.isEmpty else { continue }
            let meanMinutes = cycles.reduce(0, +) / Double(cycles.count)
            guard meanMinutes > 0 else { continue }
            operationsPerHour += 60 / meanMinutes
            machinesWithWork += 1
        }
        let routingLengths = plant.parts.map { Double($0.routing.count) }.filter { $0 > 0 }
        let meanRouting = routingLengths.isEmpty ? 1 : routingLengths.reduce(0, +) / Double(routingLengths.count)
        let demand = loaded.scenario.demand
        let ordersPerHour: Double
        if let arrivals = demand.arrivals, arrivals.interarrivalHours.mean > 0 {
            ordersPerHour = 1 / arrivals.interarrivalHours.mean
        } else {
            ordersPerHour = Double(demand.workOrders?.count ?? 0) / max(loaded.scenario.horizonHours, 1)
        }
        let terminals = Double(plant.machines.count + plant.operators.count)
        // Inspections: the share of routing operations that have an inspection plan, of all operations done.
        let routedOperations = plant.parts.reduce(0) { $0 + $1.routing.count }
        let inspectedShare = routedOperations == 0 ? 0 : Double(plant.inspectionPlans.count) / Double(routedOperations)
        let perHour: [MESTransaction: Double] = [
            .operationCycle: operationsPerHour,
            .getWorkOrder: 2 * operationsPerHour,
            .consume: operationsPerHour / meanRouting,
            .genealogy: operationsPerHour / 10,
            .listWorkOrders: terminals * 120,
            .createRelease: ordersPerHour,
            .inspection: operationsPerHour * inspectedShare,
        ]
        let total = perHour.values.reduce(0, +)
        self.init(weights: perHour, plantRate: total / 3600, derivation: [
            "scenario \(loaded.scenario.name) (plant \(plant.name)): \(plant.machines.count) machines (\(machinesWithWork) with routed work), \(plant.operators.count) operators",
            String(format: "operations per hour from machines and mean cycle + set-up times: %.1f; mean routing length %.1f; orders per hour %.3f", operationsPerHour, meanRouting, ordersPerHour),
            "per hour: " + MESTransaction.allCases.map { String(format: "%@ %.1f", $0.rawValue, perHour[$0] ?? 0) }.joined(separator: ", "),
            String(format: "the plant's own rate: %.3f transactions/s (dashboards: %d terminals polling every 30 s)", total / 3600, Int(terminals)),
        ])
    }
}
