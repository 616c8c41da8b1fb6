import Foundation

/// Everything that can be asked of the MES core. Every client — the HTTP API, the simulator's
/// operators and machines, an OPC UA adapter — speaks to the core only through these.
public enum Command: Codable, Sendable, Hashable {
    // Master data
    case loadMasterData(MasterData)
    case definePart(Part)
    case defineMaterial(MaterialDefinition)
    case registerEquipment(Equipment)
    case registerTool(ToolGauge)
    case registerOperator(Operator)

    // Work orders and execution
    case createWorkOrder(CreateWorkOrder)
    case updateWorkOrder(UpdateWorkOrder)
    case deleteWorkOrder(id: String)
    /// Explicit serial numbers may be given (customer-assigned); otherwise they are generated.
    case releaseWorkOrder(id: String, serials: [String]? = nil)
    case holdWorkOrder(id: String, reason: String)
    case resumeWorkOrder(id: String)
    case cancelWorkOrder(id: String, reason: String)
    case closeWorkOrder(id: String, signature: ElectronicSignature)
    case startOperation(StartOperation)
    case completeOperation(CompleteOperation)

    // Materials
    case receiveLot(MaterialLot)
    case splitLot(parentLot: String, newLot: String, quantity: Double)
    case allocateMaterial(lotCode: String, workOrderId: String, quantity: Double)
    case consumeMaterial(lotCode: String, serial: String, quantity: Double, operationNumber: Int? = nil)
    case installComponent(assembly: String, component: String)
    case approveSubstitution(Substitution)
    case quarantineLot(lotCode: String, reason: String)
    case releaseLot(lotCode: String)
    case addLotCertificate(lotCode: String, certificate: MaterialCertificate)
    /// Removes a lot received in error; only a lot nothing was drawn from can go.
    case deleteLot(lotCode: String)

    // Resources
    case setEquipmentState(equipmentId: String, state: EquipmentState)
    /// Parts a machine itself counted (good and rejected) since its last report, with its
    /// ideal cycle time when known: the machine's own figures for OEE on real equipment.
    case recordMachineCounts(equipmentId: String, good: Int, bad: Int, idealSecondsPerPart: Double?)
    case scheduleMaintenance(assetId: String, kind: MaintenanceOrder.Kind, description: String)
    case startMaintenance(orderId: String)
    case completeMaintenance(orderId: String, signature: ElectronicSignature)
    case certifyOperator(operatorId: String, certification: Certification)
    /// Removes equipment registered in error; equipment with production history cannot go.
    case deleteEquipment(equipmentId: String)

    // Quality
    case defineInspectionPlan(InspectionPlan)
    case createInspection(serial: String, planId: String)
    case updateInspection(inspectionId: String, inspectorId: String?, notes: String?)
    /// Withdraws an inspection opened by mistake, before anything was measured.
    case deleteInspection(inspectionId: String)
    case recordResults(inspectionId: String, measurements: [MeasuredValue])
    case openNonConformance(subject: EntityReference, description: String)
    case reviewNonConformance(id: String, signature: ElectronicSignature)
    case dispositionNonConformance(id: String, disposition: NonConformance.Disposition, signature: ElectronicSignature, customerApproval: String? = nil)
    case closeNonConformance(id: String, signature: ElectronicSignature)
    case recordProcessChange(partNumber: String, revision: String, change: ProcessChange)
    case completeFirstArticle(partNumber: String, revision: String, serial: String, signature: ElectronicSignature)
    case issueCertificate(workOrderId: String, signature: ElectronicSignature)
}

/// §4.1's CreateWorkOrderRequest.
public struct CreateWorkOrder: Codable, Sendable, Hashable {
    public let partNumber: String
    /// The part revision; the highest defined revision when omitted.
    public let revision: String?
    public let quantity: Int
    public let priority: WorkOrder.Priority
    public let targetDate: String?
    public let customerOrder: String?

    public init(partNumber: String, revision: String? = nil, quantity: Int, priority: WorkOrder.Priority = .normal, targetDate: String? = nil, customerOrder: String? = nil) {
        self.partNumber = partNumber
        self.revision = revision
        self.quantity = quantity
        self.priority = priority
        self.targetDate = targetDate
        self.customerOrder = customerOrder
    }
}

/// §4.1's UpdateWorkOrderRequest: fields left nil are unchanged.
public struct UpdateWorkOrder: Codable, Sendable, Hashable {
    public let id: String
    public let quantity: Int?
    public let priority: WorkOrder.Priority?
    public let targetDate: String?
    public let customerOrder: String?

    public init(id: String, quantity: Int? = nil, priority: WorkOrder.Priority? = nil, targetDate: String? = nil, customerOrder: String? = nil) {
        self.id = id
        self.quantity = quantity
        self.priority = priority
        self.targetDate = targetDate
        self.customerOrder = customerOrder
    }
}

/// §4.1's StartOperationRequest, for one serial.
public struct StartOperation: Codable, Sendable, Hashable {
    public let workOrderId: String
    public let serial: String
    public let operationNumber: Int
    public let equipmentId: String
    public let operatorId: String
    public let toolIds: [String]

    public init(workOrderId: String, serial: String, operationNumber: Int, equipmentId: String, operatorId: String, toolIds: [String] = []) {
        self.workOrderId = workOrderId
        self.serial = serial
        self.operationNumber = operationNumber
        self.equipmentId = equipmentId
        self.operatorId = operatorId
        self.toolIds = toolIds
    }
}

/// §4.1's CompleteOperationRequest: the serial came out good, or is scrapped with a reason.
public struct CompleteOperation: Codable, Sendable, Hashable {
    public let workOrderId: String
    public let serial: String
    public let operationNumber: Int
    public let scrapReason: String?

    public init(workOrderId: String, serial: String, operationNumber: Int, scrapReason: String? = nil) {
        self.workOrderId = workOrderId
        self.serial = serial
        self.operationNumber = operationNumber
        self.scrapReason = scrapReason
    }
}

extension Command {
    /// The permissions the command needs, per the §5.2 matrix.
    public var requiredPermissions: [(AccessAction, ProtectedResource)] {
        switch self {
        case .loadMasterData(let data):
            var needed: [(AccessAction, ProtectedResource)] = []
            if !data.parts.isEmpty { needed.append((.create, .workOrders)) }
            if !data.materials.isEmpty || !data.lots.isEmpty { needed.append((.create, .materials)) }
            if !data.equipment.isEmpty || !data.tools.isEmpty || !data.operators.isEmpty { needed.append((.create, .equipment)) }
            return needed
        case .definePart, .createWorkOrder: return [(.create, .workOrders)]
        case .updateWorkOrder, .releaseWorkOrder, .holdWorkOrder, .resumeWorkOrder, .cancelWorkOrder, .closeWorkOrder, .startOperation,
            .completeOperation:
            return [(.update, .workOrders)]
        case .deleteWorkOrder: return [(.delete, .workOrders)]
        case .defineMaterial, .receiveLot: return [(.create, .materials)]
        // Splitting re-labels stock already received, so it updates materials rather than creating them.
        case .splitLot, .allocateMaterial, .consumeMaterial, .installComponent, .approveSubstitution, .addLotCertificate:
            return [(.update, .materials)]
        // Holding suspect material and letting it go again are quality decisions about the lot.
        case .quarantineLot, .releaseLot: return [(.update, .qualityData)]
        case .deleteLot: return [(.delete, .materials)]
        case .deleteInspection: return [(.delete, .qualityData)]
        case .registerEquipment, .registerTool, .registerOperator, .scheduleMaintenance: return [(.create, .equipment)]
        case .deleteEquipment: return [(.delete, .equipment)]
        case .defineInspectionPlan, .createInspection, .recordResults, .openNonConformance, .issueCertificate: return [(.create, .qualityData)]
        case .updateInspection, .reviewNonConformance, .dispositionNonConformance, .closeNonConformance, .recordProcessChange, .completeFirstArticle:
            return [(.update, .qualityData)]
        case .setEquipmentState, .recordMachineCounts, .startMaintenance, .completeMaintenance, .certifyOperator: return [(.update, .equipment)]
        }
    }

    /// A short name for logs and audit records.
    public var name: String {
        switch self {
        case .loadMasterData: "load master data"
        case .definePart: "define part"
        case .defineMaterial: "define material"
        case .registerEquipment: "register equipment"
        case .registerTool: "register tool"
        case .registerOperator: "register operator"
        case .createWorkOrder: "create work order"
        case .updateWorkOrder: "update work order"
        case .deleteWorkOrder: "delete work order"
        case .releaseWorkOrder: "release work order"
        case .holdWorkOrder: "hold work order"
        case .resumeWorkOrder: "resume work order"
        case .cancelWorkOrder: "cancel work order"
        case .closeWorkOrder: "close work order"
        case .startOperation: "start operation"
        case .completeOperation: "complete operation"
        case .receiveLot: "receive lot"
        case .splitLot: "split lot"
        case .allocateMaterial: "allocate material"
        case .consumeMaterial: "consume material"
        case .installComponent: "install component"
        case .approveSubstitution: "approve substitution"
        case .quarantineLot: "quarantine lot"
        case .releaseLot: "release lot"
        case .addLotCertificate: "add lot certificate"
        case .deleteLot: "delete lot"
        case .deleteEquipment: "delete equipment"
        case .defineInspectionPlan: "define inspection plan"
        case .createInspection: "create inspection"
        case .updateInspection: "update inspection"
        case .deleteInspection: "delete inspection"
        case .recordResults: "record results"
        case .openNonConformance: "open NCR"
        case .reviewNonConformance: "review NCR"
        case .dispositionNonConformance: "disposition NCR"
        case .closeNonConformance: "close NCR"
        case .recordProcessChange: "record process change"
        case .completeFirstArticle: "complete first article"
        case .issueCertificate: "issue certificate of conformance"
        case .setEquipmentState: "set equipment state"
        case .recordMachineCounts: "record machine counts"
        case .scheduleMaintenance: "schedule maintenance"
        case .startMaintenance: "start maintenance"
        case .completeMaintenance: "complete maintenance"
        case .certifyOperator: "certify operator"
        }
    }

    /// The entity a refusal of this command is filed against in the audit trail.
    public var target: EntityReference? {
        switch self {
        case .loadMasterData: nil
        case .definePart(let part): .init(.part, part.key)
        case .defineMaterial(let material): .init(.material, material.id)
        case .registerEquipment(let equipment): .init(.equipment, equipment.id)
        case .registerTool(let tool): .init(.tool, tool.id)
        case .registerOperator(let person): .init(.operator, person.id)
        case .createWorkOrder: nil
        case .updateWorkOrder(let update): .init(.workOrder, update.id)
        case .deleteWorkOrder(let id), .releaseWorkOrder(let id, _), .holdWorkOrder(let id, _), .resumeWorkOrder(let id),
            .cancelWorkOrder(let id, _), .closeWorkOrder(let id, _):
            .init(.workOrder, id)
        case .startOperation(let start): .init(.serial, start.serial)
        case .completeOperation(let complete): .init(.serial, complete.serial)
        case .receiveLot(let lot): .init(.lot, lot.lotCode)
        case .splitLot(let parent, _, _): .init(.lot, parent)
        case .allocateMaterial(let lot, _, _), .consumeMaterial(let lot, _, _, _), .quarantineLot(let lot, _), .releaseLot(let lot),
            .addLotCertificate(let lot, _), .deleteLot(let lot):
            .init(.lot, lot)
        case .installComponent(let assembly, _): .init(.serial, assembly)
        case .approveSubstitution(let substitution): substitution.reference
        case .setEquipmentState(let id, _), .deleteEquipment(let id), .recordMachineCounts(let id, _, _, _): .init(.equipment, id)
        case .scheduleMaintenance(let asset, _, _): .init(.equipment, asset)
        case .startMaintenance(let id), .completeMaintenance(let id, _): .init(.maintenanceOrder, id)
        case .certifyOperator(let id, _): .init(.operator, id)
        case .defineInspectionPlan(let plan): .init(.inspectionPlan, plan.id)
        case .createInspection(let serial, _): .init(.serial, serial)
        case .updateInspection(let id, _, _), .recordResults(let id, _), .deleteInspection(let id): .init(.inspection, id)
        case .openNonConformance(let subject, _): subject
        case .reviewNonConformance(let id, _), .dispositionNonConformance(let id, _, _, _), .closeNonConformance(let id, _): .init(.nonConformance, id)
        case .recordProcessChange(let part, let revision, _), .completeFirstArticle(let part, let revision, _, _): .init(.firstArticle, Part.key(part, revision))
        case .issueCertificate(let order, _): .init(.workOrder, order)
        }
    }
}
