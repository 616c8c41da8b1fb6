import MESCore
import SPC

/// SPC of one characteristic from the results recorded in the MES: its control charts, the
/// run-rule violations on the location chart, and its capability against the drawing limits.
public struct CharacteristicSPC: Sendable {
    public let planId: String
    public let characteristic: Characteristic
    /// Results in the order they were recorded, with the serial each came from.
    public let values: [Double]
    public let serials: [String]
    /// X̄-R for subgroups of 2 or more, I-MR for single values.
    public let charts: ShewhartCharts.Variables
    public let violations: [RuleViolation]
    public let capability: Capability
}

extension MESEngine {
    /// SPC of `characteristicId` of plan `planId` over every result recorded so far, in
    /// consecutive subgroups of `subgroupSize` (an incomplete last subgroup waits for more data).
    public func spc(
        planId: String, characteristicId: String, subgroupSize: Int = 1, limits: ShewhartCharts.Limits = .recomputed,
        rules: [ControlRule] = ControlRule.nelson, by actor: Actor
    ) throws(MESError) -> CharacteristicSPC {
        try MESCore.authorize(actor, .read, on: .qualityData)
        guard let plan = state.inspectionPlans[planId] else { throw .notFound(entity: "inspection plan", id: planId) }
        guard let characteristic = plan.characteristics.first(where: { $0.id == characteristicId }) else {
            throw .notFound(entity: "characteristic", id: "\(planId)/\(characteristicId)")
        }
        let recorded = state.inspections.values.filter { $0.planId == planId }
            .flatMap { inspection in inspection.results.filter { $0.characteristicId == characteristicId }.map { (inspection.serial, inspection.id, $0) } }
            .sorted { ($0.2.recordedAt, $0.1) < ($1.2.recordedAt, $1.1) }
        let values = recorded.map(\.2.value)
        do {
            let charts: ShewhartCharts.Variables
            if subgroupSize == 1 {
                charts = try ShewhartCharts.individuals(values, limits: limits)
            } else {
                guard subgroupSize >= 2 else { throw SPCError("subgroup size must be at least 1, got \(subgroupSize)") }
                let complete = values.count / subgroupSize * subgroupSize
                let subgroups = stride(from: 0, to: complete, by: subgroupSize).map { Array(values[$0..<($0 + subgroupSize)]) }
                charts = try ShewhartCharts.xbarR(subgroups, limits: limits)
            }
            let capability = try Capability(values: values, sigmaWithin: charts.sigmaWithin, lower: characteristic.lowerLimit, upper: characteristic.upperLimit)
            return CharacteristicSPC(planId: planId, characteristic: characteristic, values: values, serials: recorded.map(\.0), charts: charts,
                                     violations: charts.location.violations(rules), capability: capability)
        } catch {
            throw .validation(field: "\(planId)/\(characteristicId)", message: "\(error)")
        }
    }
}
