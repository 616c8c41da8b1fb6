import Foundation

/// Enough of a state to put it back as it was before some events were applied: the old
/// values of the entities they touch and the state's small shared collections. Lets the
/// engine apply a command's events in place (no copy of the whole state) and still roll
/// back if the journal cannot take the entry.
public struct StateUndo: Sendable {
    var parts: [String: Part?] = [:]
    var materials: [String: MaterialDefinition?] = [:]
    var lots: [String: MaterialLot?] = [:]
    var equipment: [String: Equipment?] = [:]
    var tools: [String: ToolGauge?] = [:]
    var operators: [String: Operator?] = [:]
    var workOrders: [String: WorkOrder?] = [:]
    var serials: [String: SerialUnit?] = [:]
    var maintenanceOrders: [String: MaintenanceOrder?] = [:]
    var inspectionPlans: [String: InspectionPlan?] = [:]
    var inspections: [String: Inspection?] = [:]
    var nonConformances: [String: NonConformance?] = [:]
    var firstArticles: [String: FirstArticleStatus?] = [:]
    var certificates: [String: CertificateOfConformance?] = [:]
    let childLots: [String: [String]]
    let allocations: [Allocation]
    let substitutions: [Substitution]
    let workOrderCount: Int
    let maintenanceOrderCount: Int
    let newestWorkOrder: String?
    let supplierReturns: [SupplierReturn]
    let equipmentInUse: [String: String]
    let toolsInUse: [String: String]
    let lastProductionByPart: [String: Date]
    let inspectionCount: Int
    let nonConformanceCount: Int
}

extension MESState {
    /// What must be remembered to undo events that touch `entities`.
    func undo(for entities: some Sequence<EntityReference>) -> StateUndo {
        var undo = StateUndo(
            childLots: childLots, allocations: allocations, substitutions: substitutions, workOrderCount: workOrderCount,
            maintenanceOrderCount: maintenanceOrderCount, newestWorkOrder: newestWorkOrder, supplierReturns: supplierReturns,
            equipmentInUse: equipmentInUse, toolsInUse: toolsInUse, lastProductionByPart: lastProductionByPart,
            inspectionCount: inspectionCount, nonConformanceCount: nonConformanceCount)
        for entity in entities {
            switch entity.kind {
            case .part: undo.parts[entity.id] = .some(parts[entity.id])
            case .material: undo.materials[entity.id] = .some(materials[entity.id])
            case .lot: undo.lots[entity.id] = .some(lots[entity.id])
            case .equipment: undo.equipment[entity.id] = .some(equipment[entity.id])
            case .tool: undo.tools[entity.id] = .some(tools[entity.id])
            case .operator: undo.operators[entity.id] = .some(operators[entity.id])
            case .workOrder: undo.workOrders[entity.id] = .some(workOrders[entity.id])
            case .serial: undo.serials[entity.id] = .some(serials[entity.id])
            case .maintenanceOrder: undo.maintenanceOrders[entity.id] = .some(maintenanceOrders[entity.id])
            case .substitution: break  // substitutions are restored whole
            case .inspectionPlan: undo.inspectionPlans[entity.id] = .some(inspectionPlans[entity.id])
            case .inspection: undo.inspections[entity.id] = .some(inspections[entity.id])
            case .nonConformance: undo.nonConformances[entity.id] = .some(nonConformances[entity.id])
            case .firstArticle: undo.firstArticles[entity.id] = .some(firstArticles[entity.id])
            case .certificate: undo.certificates[entity.id] = .some(certificates[entity.id])
            }
        }
        return undo
    }

    /// Puts back what `undo` remembered.
    public mutating func restore(_ undo: StateUndo) {
        func put<Value>(_ saved: [String: Value?], into dictionary: inout [String: Value]) {
            for (key, value) in saved { dictionary[key] = value }
        }
        put(undo.parts, into: &parts)
        put(undo.materials, into: &materials)
        put(undo.lots, into: &lots)
        put(undo.equipment, into: &equipment)
        put(undo.tools, into: &tools)
        put(undo.operators, into: &operators)
        put(undo.workOrders, into: &workOrders)
        put(undo.serials, into: &serials)
        put(undo.maintenanceOrders, into: &maintenanceOrders)
        put(undo.inspectionPlans, into: &inspectionPlans)
        put(undo.inspections, into: &inspections)
        put(undo.nonConformances, into: &nonConformances)
        put(undo.firstArticles, into: &firstArticles)
        put(undo.certificates, into: &certificates)
        childLots = undo.childLots
        allocations = undo.allocations
        substitutions = undo.substitutions
        workOrderCount = undo.workOrderCount
        maintenanceOrderCount = undo.maintenanceOrderCount
        newestWorkOrder = undo.newestWorkOrder
        supplierReturns = undo.supplierReturns
        equipmentInUse = undo.equipmentInUse
        toolsInUse = undo.toolsInUse
        lastProductionByPart = undo.lastProductionByPart
        inspectionCount = undo.inspectionCount
        nonConformanceCount = undo.nonConformanceCount
    }
}
