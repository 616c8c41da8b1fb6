import Foundation
import MESCore
import Stochastics

/// The checks a plant file needs beyond its shape: references between its parts, uniqueness,
/// and parameters that must make physical sense. Each problem carries the path of its node.
public enum PlantValidation {
    public typealias Path = [StrictYAML.PathComponent]

    public struct Problem: Sendable, Equatable {
        public let path: Path
        public let message: String
    }

    /// A distribution used for a duration (or a count) must never give a negative value, and
    /// for a time between events a positive mean, or the model would run backwards or stall.
    static func durationProblem(_ distribution: Distribution, positiveMean: Bool = false) -> String? {
        if distribution.minimum < 0 {
            return "a \(distribution.typeName) here can take negative values (minimum \(distribution.minimum)); durations and quantities cannot"
        }
        if positiveMean && !(distribution.mean > 0) { return "must have a positive mean, got \(distribution.mean)" }
        return nil
    }

    /// The checks of one machine description, at `at`; shared by the plant and a scenario's variants.
    static func machineProblems(_ machine: MachineDescription, at: Path, workCenters: Set<String>, characteristics: Set<String>) -> [Problem] {
        var problems: [Problem] = []
        func add(_ path: Path, _ message: String) { problems.append(Problem(path: path, message: message)) }
        if !workCenters.contains(machine.workCenter) { add(at + [.key("workCenter")], "no work centre '\(machine.workCenter)' is defined") }
        if let capacity = machine.bufferCapacity, capacity < 0 { add(at + [.key("bufferCapacity")], "must be 0 or more, got \(capacity)") }
        if let failures = machine.failures {
            if let problem = durationProblem(failures.between, positiveMean: true) { add(at + [.key("failures"), .key("between")], problem) }
            if let problem = durationProblem(failures.timeToRepair) { add(at + [.key("failures"), .key("timeToRepair")], problem) }
        }
        if let plan = machine.preventiveMaintenance {
            if !(plan.intervalHours > 0) { add(at + [.key("preventiveMaintenance"), .key("intervalHours")], "must be positive, got \(plan.intervalHours)") }
            if let problem = durationProblem(plan.duration) { add(at + [.key("preventiveMaintenance"), .key("duration")], problem) }
        }
        if let setup = machine.setup {
            if let problem = durationProblem(setup.sameFamily) { add(at + [.key("setup"), .key("sameFamily")], problem) }
            if let problem = durationProblem(setup.familyChange) { add(at + [.key("setup"), .key("familyChange")], problem) }
        }
        if let days = machine.calibrationIntervalDays, !(days > 0) { add(at + [.key("calibrationIntervalDays")], "must be positive, got \(days)") }
        if let duration = machine.calibrationDuration, let problem = durationProblem(duration) { add(at + [.key("calibrationDuration")], problem) }
        if let driver = machine.driver { problems += driverProblems(driver, at: at + [.key("driver")]) }
        for (s, sensor) in (machine.sensors ?? []).enumerated() {
            let sensorAt = at + [.key("sensors"), .index(s)]
            if let cycles = sensor.resetAfterCycles, cycles <= 0 { add(sensorAt + [.key("resetAfterCycles")], "must be positive, got \(cycles)") }
            for (i, influence) in (sensor.influences ?? []).enumerated() where !characteristics.contains(influence.characteristic) {
                add(sensorAt + [.key("influences"), .index(i), .key("characteristic")], "no inspection plan has a characteristic '\(influence.characteristic)'")
            }
        }
        return problems
    }

    /// An OPC UA driver needs an endpoint, a state node and usable node references; a
    /// simulated one takes no OPC UA settings.
    static func driverProblems(_ driver: DriverDescription, at: Path) -> [Problem] {
        var problems: [Problem] = []
        func add(_ path: Path, _ message: String) { problems.append(Problem(path: path, message: message)) }
        guard driver.type == .opcua else {
            if driver.endpoint != nil || driver.state != nil { add(at + [.key("type")], "a simulated machine takes no OPC UA endpoint or nodes; set type: opcua") }
            return problems
        }
        if let endpoint = driver.endpoint {
            if !endpoint.lowercased().hasPrefix("opc.tcp://") { add(at + [.key("endpoint")], "'\(endpoint)' is not an opc.tcp:// URL") }
        } else {
            add(at, "an opcua driver needs an endpoint (opc.tcp://host:port/path)")
        }
        if let security = driver.security, !["none", "basic256sha256:sign", "basic256sha256:signandencrypt"].contains(security.lowercased()) {
            add(at + [.key("security")], "unknown security '\(security)': use None, Basic256Sha256:Sign or Basic256Sha256:SignAndEncrypt")
        }
        if driver.user != nil && driver.passwordEnvironment == nil {
            add(at + [.key("passwordEnvironment")], "a user needs passwordEnvironment: the environment variable holding the password")
        }
        if ((driver.security ?? "none").lowercased() != "none" || driver.user != nil) && driver.trustedCertificates == nil {
            add(at + [.key("trustedCertificates")],
                "a secured connection or a user's password needs trustedCertificates: a folder with the server's certificate")
        }
        if driver.counters != nil && driver.idealCycleSeconds == nil {
            add(at + [.key("idealCycleSeconds")], "counted parts need the machine's ideal cycle time for OEE performance")
        }
        if let seconds = driver.idealCycleSeconds, !(seconds > 0) { add(at + [.key("idealCycleSeconds")], "must be positive, got \(seconds)") }
        var references: [(Path, NodeReference)] = []
        if let state = driver.state { references.append((at + [.key("state"), .key("node")], state.node)) } else {
            add(at, "an opcua driver needs state: {node: …, model: packml|machineryItemState}")
        }
        if let mode = driver.mode { references.append((at + [.key("mode")], mode)) }
        if let counters = driver.counters {
            for (key, node) in [("produced", counters.produced), ("good", counters.good), ("bad", counters.bad)] {
                if let node { references.append((at + [.key("counters"), .key(key)], node)) }
            }
            if counters.good == nil && (counters.produced == nil || counters.bad == nil) {
                add(at + [.key("counters")], "counters need good, or produced and bad")
            }
        }
        for (index, value) in (driver.processValues ?? []).enumerated() { references.append((at + [.key("processValues"), .index(index), .key("node")], value.node)) }
        for (index, alarm) in (driver.alarms ?? []).enumerated() {
            references.append((at + [.key("alarms"), .index(index), .key("active")], alarm.active))
            if let text = alarm.text { references.append((at + [.key("alarms"), .index(index), .key("text")], text)) }
        }
        if let commands = driver.commands {
            for (key, node) in [("object", commands.object), ("method", commands.method), ("write", commands.write)] {
                if let node { references.append((at + [.key("commands"), .key(key)], node)) }
            }
            if (commands.method == nil) == (commands.write == nil) || (commands.method != nil && commands.object == nil) {
                add(at + [.key("commands")], "commands need either object and method (a Call) or write (a node to write the command number to)")
            }
        }
        for (path, reference) in references {
            if let problem = reference.problem { add(path, problem) }
            if reference.isBrowsePath && driver.namespace == nil && reference.browsePath.contains(where: { !$0.standardNamespace }) {
                add(path, "a browse path needs the driver's namespace: the URI its names are in")
            }
        }
        return problems
    }

    public static func problems(in plant: PlantDescription) -> [Problem] {
        var problems: [Problem] = []
        func add(_ path: Path, _ message: String) { problems.append(Problem(path: path, message: message)) }
        func unique<T>(_ items: [T], _ key: String, _ id: (T) -> String) {
            var seen = Set<String>()
            for (index, item) in items.enumerated() {
                if id(item).trimmingCharacters(in: .whitespaces).isEmpty { add([.key(key), .index(index)], "an id or name must not be empty") }
                if !seen.insert(id(item)).inserted { add([.key(key), .index(index)], "'\(id(item))' is defined twice") }
            }
        }
        unique(plant.workCenters, "workCenters", \.id)
        unique(plant.machines, "machines", \.id)
        unique(plant.materials, "materials", \.id)
        unique(plant.lots, "lots", \.lotCode)
        unique(plant.parts, "parts") { "\($0.partNumber) rev \($0.revision)" }
        unique(plant.inspectionPlans, "inspectionPlans", \.id)
        unique(plant.tools, "tools", \.id)
        unique(plant.operators, "operators", \.id)
        unique(plant.shifts, "shifts", \.name)

        let workCenters = Set(plant.workCenters.map(\.id))
        let staffed = Set(plant.machines.map(\.workCenter))
        let characteristics = Set(plant.inspectionPlans.flatMap(\.characteristics).map(\.id))
        for (m, machine) in plant.machines.enumerated() {
            problems += machineProblems(machine, at: [.key("machines"), .index(m)], workCenters: workCenters, characteristics: characteristics)
        }
        let materials = Dictionary(plant.materials.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let partNumbers = Set(plant.parts.map(\.partNumber))
        for (p, part) in plant.parts.enumerated() {
            let at: Path = [.key("parts"), .index(p)]
            if part.routing.isEmpty { add(at + [.key("routing")], "needs at least one operation") }
            let numbers = part.routing.map(\.operation)
            if numbers != numbers.sorted() || Set(numbers).count != numbers.count {
                add(at + [.key("routing")], "operation numbers must be unique and ascending, got \(numbers)")
            }
            for (o, operation) in part.routing.enumerated() {
                let opAt = at + [.key("routing"), .index(o)]
                if !workCenters.contains(operation.workCenter) {
                    add(opAt + [.key("workCenter")], "no work centre '\(operation.workCenter)' is defined")
                } else if !staffed.contains(operation.workCenter) {
                    add(opAt + [.key("workCenter")], "work centre '\(operation.workCenter)' has no machine")
                }
                for (a, alternate) in (operation.alternateWorkCenters ?? []).enumerated() where !workCenters.contains(alternate) {
                    add(opAt + [.key("alternateWorkCenters"), .index(a)], "no work centre '\(alternate)' is defined")
                }
                if let setup = operation.setupMinutes, !(setup >= 0) { add(opAt + [.key("setupMinutes")], "must be 0 or more, got \(setup)") }
                if operation.operation <= 0 { add(opAt + [.key("operation")], "operation numbers are positive, got \(operation.operation)") }
                if let problem = durationProblem(operation.cycleTime, positiveMean: true) { add(opAt + [.key("cycleTime")], problem) }
                if let p = operation.scrapProbability, !(p >= 0 && p <= 1) { add(opAt + [.key("scrapProbability")], "must lie in [0, 1], got \(p)") }
            }
            for (b, line) in (part.billOfMaterials ?? []).enumerated() {
                let lineAt = at + [.key("billOfMaterials"), .index(b)]
                if line.kind == .material && materials[line.item] == nil { add(lineAt + [.key("item")], "no material '\(line.item)' is defined") }
                if line.kind == .component && !partNumbers.contains(line.item) { add(lineAt + [.key("item")], "no part '\(line.item)' is defined") }
                if !(line.quantityPerUnit > 0) { add(lineAt + [.key("quantityPerUnit")], "must be positive, got \(line.quantityPerUnit)") }
            }
        }
        for (l, lot) in plant.lots.enumerated() {
            let at: Path = [.key("lots"), .index(l)]
            if let material = materials[lot.material] {
                if material.unit != lot.unit { add(at + [.key("unit")], "\(material.id) is measured in \(material.unit), not \(lot.unit)") }
            } else {
                add(at + [.key("material")], "no material '\(lot.material)' is defined")
            }
            if !(lot.quantity > 0) { add(at + [.key("quantity")], "must be positive, got \(lot.quantity)") }
            if let share = lot.nonconformingFraction, !(share >= 0 && share <= 1) { add(at + [.key("nonconformingFraction")], "must lie in [0, 1], got \(share)") }
        }
        for (i, plan) in plant.inspectionPlans.enumerated() {
            let at: Path = [.key("inspectionPlans"), .index(i)]
            guard let part = plant.parts.first(where: { $0.partNumber == plan.partNumber && $0.revision == plan.revision }) else {
                add(at + [.key("partNumber")], "no part \(plan.partNumber) rev \(plan.revision) is defined")
                continue
            }
            if !part.routing.contains(where: { $0.operation == plan.operation }) { add(at + [.key("operation")], "\(plan.partNumber) has no operation \(plan.operation)") }
            if let sampling = plan.sampling, samplingRule(sampling) == nil { add(at + [.key("sampling")], "expected 'every', 'every N' or 'first-last', got '\(sampling)'") }
            let own = Set(plan.characteristics.map(\.id))
            for (v, variation) in (plan.variation ?? []).enumerated() where !own.contains(variation.characteristic) {
                add(at + [.key("variation"), .index(v), .key("characteristic")], "plan \(plan.id) has no characteristic '\(variation.characteristic)'")
            }
        }
        for (t, tool) in plant.tools.enumerated() {
            if let days = tool.calibrationIntervalDays, !(days > 0) { add([.key("tools"), .index(t), .key("calibrationIntervalDays")], "must be positive, got \(days)") }
            if tool.calibrationDueInDays != nil && tool.calibrationIntervalDays == nil {
                add([.key("tools"), .index(t), .key("calibrationDueInDays")], "a calibration due date needs calibrationIntervalDays, or the tool could never be calibrated again")
            }
        }
        let shifts = Set(plant.shifts.map(\.name))
        for (o, person) in plant.operators.enumerated() {
            let at: Path = [.key("operators"), .index(o)]
            if let shift = person.shift, !shifts.contains(shift) { add(at + [.key("shift")], "no shift '\(shift)' is defined") }
            if let efficiency = person.efficiency, !(efficiency > 0) { add(at + [.key("efficiency")], "must be positive, got \(efficiency)") }
        }
        let weekdays: Set<String> = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        for (s, shift) in plant.shifts.enumerated() {
            let at: Path = [.key("shifts"), .index(s)]
            if clockMinutes(shift.start) == nil { add(at + [.key("start")], "expected a time HH:MM, got '\(shift.start)'") }
            if !(shift.hours > 0 && shift.hours <= 24) { add(at + [.key("hours")], "must lie in (0, 24], got \(shift.hours)") }
            for (d, day) in shift.days.enumerated() where !weekdays.contains(day) { add(at + [.key("days"), .index(d)], "expected Mon...Sun, got '\(day)'") }
            for (b, pause) in (shift.breaks ?? []).enumerated() {
                if clockMinutes(pause.start) == nil { add(at + [.key("breaks"), .index(b), .key("start")], "expected a time HH:MM, got '\(pause.start)'") }
                if !(pause.minutes > 0) { add(at + [.key("breaks"), .index(b), .key("minutes")], "must be positive, got \(pause.minutes)") }
            }
        }
        return problems
    }

    /// `every`, `every N` or `first-last`.
    public static func samplingRule(_ text: String) -> InspectionPlan.Sampling? {
        let words = text.split(separator: " ")
        switch (words.first, words.count) {
        case ("every", 1): return .every
        case ("every", 2): return Int(words[1]).flatMap { $0 >= 1 ? .everyNth($0) : nil }
        case ("first-last", 1): return .firstAndLast
        default: return nil
        }
    }

    /// Minutes after midnight of `HH:MM`.
    public static func clockMinutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        return hours * 60 + minutes
    }
}
