import Foundation

/// The MES's current state: the fold of every event so far through `apply`. Value semantics, so
/// a command is decided against a snapshot and nothing is half-applied when it is refused.
public struct MESState: Codable, Sendable, Equatable {
    /// Keyed by `Part.key` (part number and revision).
    public internal(set) var parts: [String: Part] = [:]
    public internal(set) var materials: [String: MaterialDefinition] = [:]
    public internal(set) var lots: [String: MaterialLot] = [:]
    /// Sub-lots split from each lot, in the order they were split.
    public internal(set) var childLots: [String: [String]] = [:]
    public internal(set) var equipment: [String: Equipment] = [:]
    public internal(set) var tools: [String: ToolGauge] = [:]
    public internal(set) var operators: [String: Operator] = [:]
    public internal(set) var workOrders: [String: WorkOrder] = [:]
    public internal(set) var serials: [String: SerialUnit] = [:]
    public internal(set) var allocations: [Allocation] = []
    public internal(set) var substitutions: [Substitution] = []
    public internal(set) var maintenanceOrders: [String: MaintenanceOrder] = [:]
    public internal(set) var inspectionPlans: [String: InspectionPlan] = [:]
    public internal(set) var inspections: [String: Inspection] = [:]
    public internal(set) var nonConformances: [String: NonConformance] = [:]
    /// Keyed by `Part.key`.
    public internal(set) var firstArticles: [String: FirstArticleStatus] = [:]
    /// Keyed by work order id.
    public internal(set) var certificates: [String: CertificateOfConformance] = [:]
    public internal(set) var supplierReturns: [SupplierReturn] = []
    /// Running operations by equipment and by tool ("serial/operation"): an index kept by
    /// `apply` so that a start need not scan every serial to know a machine is busy.
    public internal(set) var equipmentInUse: [String: String] = [:]
    public internal(set) var toolsInUse: [String: String] = [:]
    /// The last completion of an operation on each part revision (by `Part.key`), kept by
    /// `apply` so that a release can judge a production lapse without scanning every serial.
    public internal(set) var lastProductionByPart: [String: Date] = [:]
    public internal(set) var inspectionCount = 0
    public internal(set) var nonConformanceCount = 0
    /// Work orders ever created, for the next id (deleted ones keep their number).
    public internal(set) var workOrderCount = 0
    /// The id of the work order created last, so a client learns the id it was given.
    public internal(set) var newestWorkOrder: String?
    public internal(set) var maintenanceOrderCount = 0

    public init() {}

    /// The only way the state changes.
    public mutating func apply(_ event: DomainEvent) {
        switch event {
        case .partDefined(let part): parts[part.key] = part
        case .materialDefined(let material): materials[material.id] = material
        case .equipmentRegistered(let machine): equipment[machine.id] = machine
        case .toolRegistered(let tool): tools[tool.id] = tool
        case .operatorRegistered(let person): operators[person.id] = person

        case .workOrderCreated(let order):
            workOrders[order.id] = order
            workOrderCount += 1
            newestWorkOrder = order.id
        case .workOrderUpdated(let order): workOrders[order.id] = order
        case .workOrderDeleted(let id): workOrders[id] = nil
        case .workOrderReleased(let id, let time, let units):
            workOrders[id]?.status = .released
            workOrders[id]?.releasedAt = time
            workOrders[id]?.serials = units.map(\.serial)
            for unit in units { serials[unit.serial] = unit }
        case .workOrderStatusChanged(let id, let status, let reason, let time):
            guard var order = workOrders[id] else { return }
            if status == .onHold {
                order.statusBeforeHold = order.status
                order.holdReason = reason
            } else if order.status == .onHold {
                order.statusBeforeHold = nil
                order.holdReason = nil
            }
            if status == .completed { order.completedAt = time }
            order.status = status
            workOrders[id] = order
        case .workOrderClosed(let id, let signature, _):
            workOrders[id]?.status = .closed
            workOrders[id]?.closeSignature = signature

        case .operationStarted(let serial, let number, let equipmentId, let operatorId, let toolIds, let time):
            equipmentInUse[equipmentId] = "\(serial)/\(number)"
            for tool in toolIds { toolsInUse[tool] = "\(serial)/\(number)" }
            updateOperation(serial, number) { operation in
                operation.status = .inProgress
                operation.equipmentId = equipmentId
                operation.operatorId = operatorId
                operation.toolIds = toolIds
                operation.startedAt = time
            }
        case .operationCompleted(let serial, let number, let scrapReason, let time):
            if let operation = serials[serial]?.operations.first(where: { $0.number == number }) {
                if let machine = operation.equipmentId { equipmentInUse[machine] = nil }
                for tool in operation.toolIds { toolsInUse[tool] = nil }
            }
            if let unit = serials[serial] { lastProductionByPart[Part.key(unit.partNumber, unit.revision)] = time }
            updateOperation(serial, number) { operation in
                operation.status = scrapReason == nil ? .completed : .scrapped
                operation.scrapReason = scrapReason
                operation.completedAt = time
            }
        case .serialStatusChanged(let serial, let status): serials[serial]?.status = status

        case .lotReceived(let lot): lots[lot.lotCode] = lot
        case .lotSplit(let parent, let lot):
            if let left = lots[parent]?.remaining { lots[parent]?.remaining = Quantity.clamped(left - lot.quantity) }
            if lots[parent]?.remaining == 0 { lots[parent]?.status = .consumed }
            lots[lot.lotCode] = lot
            childLots[parent, default: []].append(lot.lotCode)
        case .materialAllocated(let allocation):
            lots[allocation.lotCode]?.allocated += allocation.quantity
            if let index = allocations.firstIndex(where: { $0.lotCode == allocation.lotCode && $0.workOrderId == allocation.workOrderId }) {
                allocations[index].quantity += allocation.quantity
            } else {
                allocations.append(allocation)
            }
        case .materialDeallocated(let allocation):
            lots[allocation.lotCode]?.allocated -= allocation.quantity
            allocations.removeAll { $0.lotCode == allocation.lotCode && $0.workOrderId == allocation.workOrderId }
        case .materialConsumed(let serial, let consumption):
            serials[serial]?.consumptions.append(consumption)
            guard var lot = lots[consumption.lotCode] else { return }
            lot.remaining = Quantity.clamped(lot.remaining - consumption.quantity)
            // Consumption for an order draws down that order's allocation of the lot first.
            if let order = serials[serial]?.workOrderId,
                let index = allocations.firstIndex(where: { $0.lotCode == consumption.lotCode && $0.workOrderId == order })
            {
                let drawn = min(allocations[index].quantity, consumption.quantity)
                allocations[index].quantity -= drawn
                lot.allocated -= drawn
                if allocations[index].quantity <= 0 { allocations.remove(at: index) }
            }
            if lot.remaining <= 0 && lot.status == .available { lot.status = .consumed }
            lots[consumption.lotCode] = lot
        case .componentInstalled(let assembly, let component):
            serials[assembly]?.components.append(component)
            serials[component]?.installedIn = assembly
        case .substitutionApproved(let substitution): substitutions.append(substitution)
        case .lotStatusChanged(let lotCode, let status, _): lots[lotCode]?.status = status
        case .lotCertificateAdded(let lotCode, let certificate): lots[lotCode]?.certificates.append(certificate)
        case .lotDeleted(let lotCode): lots[lotCode] = nil

        case .equipmentStateChanged(let id, let state, _): equipment[id]?.state = state
        case .machinePartsCounted: break
        case .equipmentDeleted(let id): equipment[id] = nil
        case .maintenanceScheduled(let order):
            maintenanceOrders[order.id] = order
            maintenanceOrderCount += 1
        case .maintenanceStarted(let id, let asset, let time):
            maintenanceOrders[id]?.status = .inProgress
            maintenanceOrders[id]?.startedAt = time
            if asset.kind == .equipment { equipment[asset.id]?.state = .maintenance } else { tools[asset.id]?.inMaintenance = true }
        case .maintenanceCompleted(let id, let asset, let by, let signature, let time):
            guard var order = maintenanceOrders[id] else { return }
            order.status = .completed
            order.completedAt = time
            order.completedBy = by
            order.signature = signature
            maintenanceOrders[id] = order
            completeMaintenance(order.kind, on: asset, at: time)
        case .operatorCertified(let id, let certification):
            operators[id]?.certifications.removeAll { $0.skill == certification.skill }
            operators[id]?.certifications.append(certification)

        case .inspectionPlanDefined(let plan): inspectionPlans[plan.id] = plan
        case .inspectionCreated(let inspection):
            inspections[inspection.id] = inspection
            inspectionCount += 1
        case .inspectionUpdated(let id, let inspectorId, let notes):
            if let inspectorId { inspections[id]?.inspectorId = inspectorId }
            if let notes { inspections[id]?.notes = notes }
        case .inspectionDeleted(let id): inspections[id] = nil
        case .resultsRecorded(let id, let results, let status):
            inspections[id]?.results += results
            inspections[id]?.status = status
        case .nonConformanceOpened(let report):
            nonConformances[report.id] = report
            nonConformanceCount += 1
            if report.subject.kind == .serial { serials[report.subject.id]?.holds.append(report.id) }
        case .nonConformanceReviewed(let id, let signature):
            nonConformances[id]?.status = .underReview
            nonConformances[id]?.reviewSignature = signature
        case .nonConformanceDispositioned(let id, let subject, let disposition, let signature, let approval, let added):
            nonConformances[id]?.status = .dispositioned
            nonConformances[id]?.disposition = disposition
            nonConformances[id]?.dispositionSignature = signature
            nonConformances[id]?.customerApproval = approval
            nonConformances[id]?.addedOperations = added.map(\.number)
            if subject.kind == .serial, var unit = serials[subject.id] {
                unit.holds.removeAll { $0 == id }
                unit.operations = (unit.operations + added).sorted { $0.number < $1.number }
                serials[subject.id] = unit
            }
        case .nonConformanceClosed(let id, let signature, let time):
            nonConformances[id]?.status = .closed
            nonConformances[id]?.closeSignature = signature
            nonConformances[id]?.closedAt = time
        case .lotReturnedToVendor(let record):
            supplierReturns.append(record)
            lots[record.lotCode]?.remaining -= record.quantity
            lots[record.lotCode]?.status = .returned
        case .firstArticleRequired(let key, let requirement): firstArticles[key, default: FirstArticleStatus()].pending = requirement
        case .firstArticleCompleted(let key, let report):
            firstArticles[key, default: FirstArticleStatus()].pending = nil
            firstArticles[key, default: FirstArticleStatus()].reports.append(report)
        case .certificateIssued(let certificate): certificates[certificate.workOrderId] = certificate

        case .commandRejected: break
        }
    }

    private mutating func updateOperation(_ serial: String, _ number: Int, _ change: (inout OperationRecord) -> Void) {
        guard let index = serials[serial]?.operations.firstIndex(where: { $0.number == number }) else { return }
        change(&serials[serial]!.operations[index])
    }

    /// Back in service; preventive work restarts the PM clock, calibration the calibration clock.
    private mutating func completeMaintenance(_ kind: MaintenanceOrder.Kind, on asset: EntityReference, at time: Date) {
        if asset.kind == .equipment, var machine = equipment[asset.id] {
            // Repaired under an interrupted operation, the machine is held until its operator resumes.
            machine.state = equipmentInUse[asset.id] == nil ? .idle : .held
            if kind == .preventive { machine.lastPreventiveMaintenance = time }
            if kind == .calibration, let days = machine.calibrationIntervalDays { machine.calibrationDue = time.addingTimeInterval(days * 86_400) }
            equipment[asset.id] = machine
        } else if var tool = tools[asset.id] {
            tool.inMaintenance = false
            if kind == .calibration, let days = tool.calibrationIntervalDays { tool.calibrationDue = time.addingTimeInterval(days * 86_400) }
            tools[asset.id] = tool
        }
    }

    /// The entity's current value as canonical JSON (sorted keys), or nil when it does not exist:
    /// the before and after values of the audit trail.
    public func snapshot(of reference: EntityReference) -> String? {
        switch reference.kind {
        case .part: Self.json(parts[reference.id])
        case .material: Self.json(materials[reference.id])
        case .lot: Self.json(lots[reference.id])
        case .equipment: Self.json(equipment[reference.id])
        case .tool: Self.json(tools[reference.id])
        case .operator: Self.json(operators[reference.id])
        case .workOrder: Self.json(workOrders[reference.id])
        case .serial: Self.json(serials[reference.id])
        case .maintenanceOrder: Self.json(maintenanceOrders[reference.id])
        case .substitution: Self.json(substitutions.first { $0.reference == reference })
        case .inspectionPlan: Self.json(inspectionPlans[reference.id])
        case .inspection: Self.json(inspections[reference.id])
        case .nonConformance: Self.json(nonConformances[reference.id])
        case .certificate: Self.json(certificates[reference.id])
        case .firstArticle: Self.json(firstArticles[reference.id])
        }
    }

    static func json<Value: Encodable>(_ value: Value?) -> String? { value.map { CanonicalJSON.string($0) } }
}

/// One JSON form for everything hashed or compared: sorted keys, dates as Date's own seconds
/// since 2001 so that they survive a round trip bit for bit.
public enum CanonicalJSON {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .deferredToDate
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    /// The canonical bytes of `value`. Every value the core holds encodes: dates and numbers
    /// are validated finite before they reach the state, so a failure is a broken invariant.
    public static func data<Value: Encodable>(_ value: Value) -> Data {
        do {
            return try encoder.encode(value)
        } catch {
            preconditionFailure("\(Value.self) cannot be encoded canonically: \(error)")
        }
    }

    public static func string<Value: Encodable>(_ value: Value) -> String { String(decoding: data(value), as: UTF8.self) }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .deferredToDate
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}
