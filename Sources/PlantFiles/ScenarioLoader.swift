import Foundation
import MESCore
import Yams

/// Loads a scenario and the plant it names, checking everything the run will rely on:
/// demand and events refer to what the plant has, times lie inside the horizon, variants
/// change machines that exist. Problems are located as file:line:column.
public enum ScenarioLoader {
    public struct Loaded {
        public let scenario: ScenarioDescription
        public let plant: PlantDescription
        public let start: Date
    }

    public static func load(_ path: String) throws(YAMLFileError) -> Loaded {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw YAMLFileError(file: path, line: 0, column: 0, message: "cannot read the file: \(error.localizedDescription)")
        }
        let document = try StrictYAML.document(ScenarioDescription.self, from: text, file: path)
        let scenario = document.value
        let plantPath = URL(fileURLWithPath: path).absoluteURL.deletingLastPathComponent().appendingPathComponent(scenario.plant).standardized.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: plantPath, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw document.error(at: [.key("plant")], "no plant file at \(plantPath)")
        }
        let plant = try PlantLoader.load(plantPath)
        if let problem = problems(in: scenario, plant: plant).first { throw document.error(at: problem.path, problem.message) }
        guard let start = startDate(scenario.start) else { throw document.error(at: [.key("start")], "not a date") }
        return Loaded(scenario: scenario, plant: plant, start: start)
    }

    static func startDate(_ text: String?) -> Date? {
        guard let text else { return Date(timeIntervalSince1970: 1_767_592_800) }  // Monday 2026-01-05 06:00 UTC
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions.insert(.withFractionalSeconds)
        return formatter.date(from: text)
    }

    public static func problems(in scenario: ScenarioDescription, plant: PlantDescription) -> [PlantValidation.Problem] {
        var problems: [PlantValidation.Problem] = []
        func add(_ path: PlantValidation.Path, _ message: String) { problems.append(.init(path: path, message: message)) }
        if startDate(scenario.start) == nil { add([.key("start")], "expected an ISO 8601 date and time such as 2026-01-05T06:00:00Z, got '\(scenario.start ?? "")'") }
        if !(scenario.horizonHours > 0) { add([.key("horizonHours")], "must be positive, got \(scenario.horizonHours)") }
        if scenario.horizonHours > 20 * 8_766 { add([.key("horizonHours")], "more than twenty years (\(scenario.horizonHours) h) is not a plausible horizon") }
        if !(scenario.warmupHours >= 0 && scenario.warmupHours < scenario.horizonHours) {
            add([.key("warmupHours")], "must lie in [0, horizonHours), got \(scenario.warmupHours)")
        }
        if scenario.replications < 1 { add([.key("replications")], "must be at least 1, got \(scenario.replications)") }
        func knows(_ partNumber: String, _ revision: String?) -> Bool {
            plant.parts.contains { $0.partNumber == partNumber && (revision == nil || $0.revision == revision) }
        }
        let orders = scenario.demand.workOrders ?? []
        if orders.isEmpty && scenario.demand.arrivals == nil { add([.key("demand")], "needs workOrders, arrivals or both") }
        for (index, order) in orders.enumerated() {
            let at: PlantValidation.Path = [.key("demand"), .key("workOrders"), .index(index)]
            if !knows(order.partNumber, order.revision) { add(at + [.key("partNumber")], "the plant has no part \(order.partNumber)\(order.revision.map { " rev \($0)" } ?? "")") }
            if order.quantity < 1 { add(at + [.key("quantity")], "must be at least 1, got \(order.quantity)") }
            if !(order.releaseAtHours >= 0 && order.releaseAtHours < scenario.horizonHours) {
                add(at + [.key("releaseAtHours")], "must lie in [0, horizonHours), got \(order.releaseAtHours)")
            }
            if !(order.dueAtHours > order.releaseAtHours) { add(at + [.key("dueAtHours")], "must come after the release, got \(order.dueAtHours)") }
            if let priority = order.priority, WorkOrder.Priority(rawValue: priority) == nil {
                add(at + [.key("priority")], "expected one of \(WorkOrder.Priority.allCases.map(\.rawValue).joined(separator: ", ")), got '\(priority)'")
            }
        }
        if let arrivals = scenario.demand.arrivals {
            if arrivals.mix.isEmpty { add([.key("demand"), .key("arrivals"), .key("mix")], "needs at least one part") }
            if let problem = PlantValidation.durationProblem(arrivals.interarrivalHours, positiveMean: true) {
                add([.key("demand"), .key("arrivals"), .key("interarrivalHours")], problem)
            }
            for (index, entry) in arrivals.mix.enumerated() {
                let at: PlantValidation.Path = [.key("demand"), .key("arrivals"), .key("mix"), .index(index)]
                if !knows(entry.partNumber, entry.revision) { add(at + [.key("partNumber")], "the plant has no part \(entry.partNumber)") }
                if !(entry.weight > 0) { add(at + [.key("weight")], "must be positive, got \(entry.weight)") }
                if entry.quantity.minimum < 1 { add(at + [.key("quantity")], "an order is for at least one part; this can give \(entry.quantity.minimum)") }
                if let problem = PlantValidation.durationProblem(entry.dueAfterHours) { add(at + [.key("dueAfterHours")], problem) }
            }
        }
        let machines = Set(plant.machines.map(\.id))
        let lots = Set(plant.lots.map(\.lotCode))
        for (index, event) in scenario.events.enumerated() {
            let at: PlantValidation.Path = [.key("events"), .index(index)]
            if !(event.atHours >= 0 && event.atHours < scenario.horizonHours) { add(at + [.key("atHours")], "must lie in [0, horizonHours), got \(event.atHours)") }
            let given: [(String, Bool)] = [("machine", event.machine != nil), ("repairMinutes", event.repairMinutes != nil), ("lot", event.lot != nil),
                                           ("sensor", event.sensor != nil), ("driftPerCycle", event.driftPerCycle != nil)]
            let allowed: Set<String> = switch event.kind {
            case .breakdown: ["machine", "repairMinutes"]
            case .badLot: ["lot"]
            case .sensorDrift: ["machine", "sensor", "driftPerCycle"]
            }
            for (field, present) in given where present && !allowed.contains(field) {
                add(at + [.key(field)], "a \(event.kind.rawValue) event takes no '\(field)'")
            }
            switch event.kind {
            case .breakdown:
                if let machine = event.machine { if !machines.contains(machine) { add(at + [.key("machine")], "the plant has no machine '\(machine)'") } }
                else { add(at, "a breakdown names its machine") }
                if !((event.repairMinutes ?? 0) > 0) { add(at + [.key("repairMinutes")], "a breakdown needs a positive repairMinutes") }
            case .badLot:
                if let lot = event.lot { if !lots.contains(lot) { add(at + [.key("lot")], "the plant has no lot '\(lot)'") } }
                else { add(at, "a bad-lot event names its lot") }
            case .sensorDrift:
                guard let machine = event.machine, let spec = plant.machines.first(where: { $0.id == machine }) else {
                    add(at + [.key("machine")], "a sensor drift names a machine of the plant")
                    continue
                }
                if !(spec.sensors ?? []).contains(where: { $0.tag == event.sensor }) {
                    add(at + [.key("sensor")], "machine '\(machine)' has no sensor '\(event.sensor ?? "")'")
                }
                if event.driftPerCycle == nil { add(at, "a sensor drift needs driftPerCycle") }
            }
        }
        for (index, event) in (scenario.training?.events ?? []).enumerated() {
            let at: PlantValidation.Path = [.key("training"), .key("events"), .index(index)]
            let kindAt = at + (event.kinds.count == 1 ? [.key(event.kind)] : [])
            for problem in event.problems(plant: plant) { add(kindAt + (problem.field.map { [.key($0)] } ?? []), problem.message) }
            guard event.kinds.count == 1 else { continue }
            if let time = event.at {
                if let hours = time.hours(from: startDate(scenario.start) ?? Date(timeIntervalSince1970: 0)) {
                    if !(hours >= 0 && hours < scenario.horizonHours) { add(kindAt + [.key("at")], "must lie in [0, horizonHours), got \(hours) h from the start") }
                } else {
                    add(kindAt + [.key("at")], "expected hours from the start or an ISO 8601 time such as 2026-01-05T08:00:00Z")
                }
            } else {
                add(kindAt, "a scripted training event needs 'at' (hours from the start or an ISO 8601 time)")
            }
        }
        if let limit = scenario.wipLimit, limit < 1 { add([.key("wipLimit")], "must be at least 1, got \(limit)") }
        for (index, variant) in scenario.variants.enumerated() {
            if let limit = variant.wipLimit, limit < 1 { add([.key("variants"), .index(index), .key("wipLimit")], "must be at least 1, got \(limit)") }
        }
        let policy = scenario.quality
        if let problem = PlantValidation.durationProblem(policy.reviewHours) { add([.key("quality"), .key("reviewHours")], problem) }
        for (key, weight) in [("rework", policy.rework), ("scrap", policy.scrap), ("useAsIs", policy.useAsIs)] where !(weight >= 0 && weight.isFinite) {
            add([.key("quality"), .key(key)], "a weight must be 0 or more, got \(weight)")
        }
        if !(policy.rework + policy.scrap + policy.useAsIs > 0) { add([.key("quality")], "at least one disposition needs a positive weight") }
        if policy.maxReworks < 0 { add([.key("quality"), .key("maxReworks")], "must be 0 or more, got \(policy.maxReworks)") }
        if policy.quarantineLotAfterNCRs < 0 { add([.key("quality"), .key("quarantineLotAfterNCRs")], "must be 0 or more, got \(policy.quarantineLotAfterNCRs)") }
        var names = Set<String>()
        let workCenters = Set(plant.workCenters.map(\.id))
        let characteristics = Set(plant.inspectionPlans.flatMap(\.characteristics).map(\.id))
        for (index, variant) in scenario.variants.enumerated() {
            let at: PlantValidation.Path = [.key("variants"), .index(index)]
            if !names.insert(variant.name).inserted { add(at + [.key("name")], "variant '\(variant.name)' is defined twice") }
            for (c, change) in (variant.changeMachines ?? []).enumerated() {
                let changeAt = at + [.key("changeMachines"), .index(c)]
                guard var machine = plant.machines.first(where: { $0.id == change.id }) else {
                    add(changeAt + [.key("id")], "the plant has no machine '\(change.id)'")
                    continue
                }
                machine.failures = change.failures ?? machine.failures
                machine.bufferCapacity = change.bufferCapacity ?? machine.bufferCapacity
                machine.setup = change.setup ?? machine.setup
                problems += PlantValidation.machineProblems(machine, at: changeAt, workCenters: workCenters, characteristics: characteristics)
            }
            var added = machines
            for (a, machine) in (variant.addMachines ?? []).enumerated() {
                let addAt = at + [.key("addMachines"), .index(a)]
                if !added.insert(machine.id).inserted { add(addAt + [.key("id")], "there is already a machine '\(machine.id)'") }
                problems += PlantValidation.machineProblems(machine, at: addAt, workCenters: workCenters, characteristics: characteristics)
            }
        }
        return problems
    }

    /// Whether `path` holds a scenario (it names a plant) rather than a plant.
    public static func isScenario(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), case .mapping(let mapping)? = try? Yams.compose(yaml: text) else { return false }
        return mapping["plant"] != nil
    }
}
