import Foundation
import MESCore
import PlantFiles

/// What one run simulates: the scenario with its plant, after a variant's changes if any.
public struct TwinModel: Sendable {
    public let scenario: ScenarioDescription
    public let plant: PlantDescription
    public let start: Date
    /// The variant's name, nil for the base scenario.
    public private(set) var variant: String?
    public private(set) var dispatching: DispatchingRule
    public private(set) var wipLimit: Int?
    /// A production plan whose orders replace the scenario's demand; followed when `followsPlan`,
    /// otherwise its orders are dispatched by `dispatching` (for comparing the plan with a rule).
    public private(set) var plan: ProductionPlan?
    public private(set) var followsPlan = false
    public private(set) var planPolicy = PlanPolicy.wait

    /// The scenario's warm-up; none when running a plan, whose orders are the whole demand.
    public var warmupHours: Double { plan == nil ? scenario.warmupHours : 0 }
    public var horizonHours: Double { scenario.horizonHours }

    /// The base scenario as loaded.
    public init(_ loaded: ScenarioLoader.Loaded) {
        scenario = loaded.scenario
        plant = loaded.plant
        start = loaded.start
        variant = nil
        dispatching = loaded.scenario.dispatching
        wipLimit = loaded.scenario.wipLimit
    }

    /// The scenario with `variant`'s machines added or changed and its rule.
    /// The scenario's plant running `plan`'s orders: following the plan, or under `rule`.
    public init(_ loaded: ScenarioLoader.Loaded, plan: ProductionPlan, policy: PlanPolicy = .wait, rule: DispatchingRule? = nil) {
        self.init(loaded)
        self.plan = plan
        // The plan decides when orders are released; a WIP limit would second-guess it.
        wipLimit = nil
        followsPlan = rule == nil
        planPolicy = policy
        if let rule {
            self.variant = "rule: \(rule.rawValue)"
            self.dispatching = rule
        } else {
            self.variant = nil
        }
    }

    public init(_ loaded: ScenarioLoader.Loaded, variant: VariantDescription) {
        var plant = loaded.plant
        for change in variant.changeMachines ?? [] {
            guard let index = plant.machines.firstIndex(where: { $0.id == change.id }) else { continue }
            if let failures = change.failures { plant.machines[index].failures = failures }
            if let capacity = change.bufferCapacity { plant.machines[index].bufferCapacity = capacity }
            if let setup = change.setup { plant.machines[index].setup = setup }
        }
        plant.machines += variant.addMachines ?? []
        scenario = loaded.scenario
        self.plant = plant
        start = loaded.start
        self.variant = variant.name
        dispatching = variant.dispatching ?? loaded.scenario.dispatching
        wipLimit = variant.wipLimit ?? loaded.scenario.wipLimit
    }
}

/// A part revision as the simulator needs it: its operations' cycle times and scrap, its
/// inspection plans, its materials.
final class TwinPart {
    let key: String
    let spec: PartDescription
    let family: String
    private let operations: [Int: OperationDescription]
    /// Inspection plans by the operation they inspect, in plan-id order.
    let plans: [Int: [InspectionPlanDescription]]
    /// Material drawn per serial at its first operation, one line per material.
    let materials: [BOMLine]

    init(_ spec: PartDescription, plans: [InspectionPlanDescription]) {
        self.spec = spec
        key = Part.key(spec.partNumber, spec.revision)
        family = spec.family ?? spec.partNumber
        operations = Dictionary(spec.routing.map { ($0.operation, $0) }, uniquingKeysWith: { first, _ in first })
        self.plans = Dictionary(grouping: plans.filter { $0.partNumber == spec.partNumber && $0.revision == spec.revision }.sorted { $0.id < $1.id },
                                by: \.operation)
        // Lines of one material are drawn together, so a lot is chosen for their sum.
        var perMaterial: [(String, Double, String)] = []
        for line in (spec.billOfMaterials ?? []) where line.kind == .material {
            if let index = perMaterial.firstIndex(where: { $0.0 == line.item }) { perMaterial[index].1 += line.quantityPerUnit } else {
                perMaterial.append((line.item, line.quantityPerUnit, line.unit))
            }
        }
        materials = perMaterial.map { BOMLine(kind: .material, item: $0.0, quantityPerUnit: $0.1, unit: $0.2) }
    }

    /// The plant's description of an operation; a step a disposition added takes that of the
    /// routing step at its work centre (the same rule the KPIs use for its standard time).
    func specification(of operation: OperationRecord) -> OperationDescription? {
        operation.kind == .routing ? operations[operation.number] : spec.routing.first { $0.workCenter == operation.workCenter }
    }

    func standardHours(of operation: OperationRecord) -> Double { (specification(of: operation)?.cycleTime.mean ?? 0) / 60 }

    var firstOperation: Int { spec.routing.first?.operation ?? 0 }
}
