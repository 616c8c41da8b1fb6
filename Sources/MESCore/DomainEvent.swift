import Foundation

/// What happened, as decided by the core. The state is the fold of these over `MESState.apply`;
/// the journal stores them; reports read them.
public enum DomainEvent: Codable, Sendable, Hashable {
    case partDefined(Part)
    case materialDefined(MaterialDefinition)
    case equipmentRegistered(Equipment)
    case toolRegistered(ToolGauge)
    case operatorRegistered(Operator)

    case workOrderCreated(WorkOrder)
    case workOrderUpdated(WorkOrder)
    case workOrderDeleted(id: String)
    case workOrderReleased(id: String, at: Date, units: [SerialUnit])
    case workOrderStatusChanged(id: String, status: WorkOrder.Status, reason: String?, at: Date)
    case workOrderClosed(id: String, signature: ElectronicSignature, at: Date)

    case operationStarted(serial: String, operationNumber: Int, equipmentId: String, operatorId: String, toolIds: [String], at: Date)
    case operationCompleted(serial: String, operationNumber: Int, scrapReason: String?, at: Date)
    case serialStatusChanged(serial: String, status: SerialUnit.Status)

    case lotReceived(MaterialLot)
    case lotSplit(parentLot: String, newLot: MaterialLot)
    case materialAllocated(Allocation)
    /// An order's allocation given back to stock (the order was deleted, cancelled, completed or closed).
    case materialDeallocated(Allocation)
    case materialConsumed(serial: String, consumption: Consumption)
    case componentInstalled(assembly: String, component: String)
    case substitutionApproved(Substitution)
    case lotStatusChanged(lotCode: String, status: MaterialLot.Status, reason: String?)
    case lotCertificateAdded(lotCode: String, certificate: MaterialCertificate)
    case lotDeleted(lotCode: String)

    case equipmentStateChanged(equipmentId: String, state: EquipmentState, at: Date)
    case machinePartsCounted(equipmentId: String, good: Int, bad: Int, idealSecondsPerPart: Double?, at: Date)
    case equipmentDeleted(equipmentId: String)
    case maintenanceScheduled(MaintenanceOrder)
    case maintenanceStarted(orderId: String, asset: EntityReference, at: Date)
    case maintenanceCompleted(orderId: String, asset: EntityReference, by: String, signature: ElectronicSignature, at: Date)
    case operatorCertified(operatorId: String, certification: Certification)

    case inspectionPlanDefined(InspectionPlan)
    case inspectionCreated(Inspection)
    case inspectionUpdated(id: String, inspectorId: String?, notes: String?)
    case inspectionDeleted(id: String)
    case resultsRecorded(inspectionId: String, results: [CharacteristicResult], status: Inspection.Status)
    case nonConformanceOpened(NonConformance)
    case nonConformanceReviewed(id: String, signature: ElectronicSignature)
    case nonConformanceDispositioned(
        id: String, subject: EntityReference, disposition: NonConformance.Disposition, signature: ElectronicSignature, customerApproval: String?,
        addedOperations: [OperationRecord])
    case nonConformanceClosed(id: String, signature: ElectronicSignature, at: Date)
    case lotReturnedToVendor(SupplierReturn)
    case firstArticleRequired(partKey: String, requirement: FirstArticleRequirement)
    case firstArticleCompleted(partKey: String, report: FirstArticleReport)
    case certificateIssued(CertificateOfConformance)

    /// A refused command, kept so that refusals are audited like everything else; changes no state.
    case commandRejected(command: String, reason: String, httpStatus: Int)

    /// The entities whose state the event changes (for the audit trail's before/after values).
    public var affectedEntities: [EntityReference] {
        switch self {
        case .partDefined(let part): [.init(.part, part.key)]
        case .materialDefined(let material): [.init(.material, material.id)]
        case .equipmentRegistered(let equipment): [.init(.equipment, equipment.id)]
        case .toolRegistered(let tool): [.init(.tool, tool.id)]
        case .operatorRegistered(let person): [.init(.operator, person.id)]
        case .workOrderCreated(let order), .workOrderUpdated(let order): [.init(.workOrder, order.id)]
        case .workOrderDeleted(let id), .workOrderStatusChanged(let id, _, _, _), .workOrderClosed(let id, _, _): [.init(.workOrder, id)]
        case .workOrderReleased(let id, _, let units): [.init(.workOrder, id)] + units.map { .init(.serial, $0.serial) }
        case .operationStarted(let serial, _, let equipment, _, _, _): [.init(.serial, serial), .init(.equipment, equipment)]
        case .operationCompleted(let serial, _, _, _), .serialStatusChanged(let serial, _): [.init(.serial, serial)]
        case .lotReceived(let lot): [.init(.lot, lot.lotCode)]
        case .lotSplit(let parent, let lot): [.init(.lot, parent), .init(.lot, lot.lotCode)]
        case .materialAllocated(let allocation), .materialDeallocated(let allocation): [.init(.lot, allocation.lotCode)]
        case .materialConsumed(let serial, let consumption): [.init(.serial, serial), .init(.lot, consumption.lotCode)]
        case .componentInstalled(let assembly, let component): [.init(.serial, assembly), .init(.serial, component)]
        case .substitutionApproved(let substitution): [substitution.reference]
        case .lotStatusChanged(let lot, _, _), .lotCertificateAdded(let lot, _), .lotDeleted(let lot): [.init(.lot, lot)]
        case .equipmentStateChanged(let id, _, _), .equipmentDeleted(let id), .machinePartsCounted(let id, _, _, _, _): [.init(.equipment, id)]
        case .maintenanceScheduled(let order): [.init(.maintenanceOrder, order.id)]
        case .maintenanceStarted(let id, let asset, _), .maintenanceCompleted(let id, let asset, _, _, _): [.init(.maintenanceOrder, id), asset]
        case .operatorCertified(let id, _): [.init(.operator, id)]
        case .inspectionPlanDefined(let plan): [.init(.inspectionPlan, plan.id)]
        case .inspectionCreated(let inspection): [.init(.inspection, inspection.id)]
        case .inspectionUpdated(let id, _, _), .resultsRecorded(let id, _, _), .inspectionDeleted(let id): [.init(.inspection, id)]
        case .nonConformanceOpened(let report): [.init(.nonConformance, report.id), report.subject]
        case .nonConformanceReviewed(let id, _), .nonConformanceClosed(let id, _, _): [.init(.nonConformance, id)]
        case .nonConformanceDispositioned(let id, let subject, _, _, _, _): [.init(.nonConformance, id), subject]
        case .lotReturnedToVendor(let record): [.init(.lot, record.lotCode)]
        case .firstArticleRequired(let key, _), .firstArticleCompleted(let key, _): [.init(.firstArticle, key)]
        case .certificateIssued(let certificate): [.init(.certificate, certificate.workOrderId)]
        case .commandRejected: []
        }
    }
}
