import Foundation

extension MESCore.Context {
    /// States a person or an equipment adapter may report; Execute comes from starting an
    /// operation and Maintenance from starting a maintenance order.
    static let reportableStates: Set<EquipmentState> = [.stopped, .idle, .held, .suspended, .aborted, .setup]

    /// States a running machine may be interrupted into (a breakdown, a hold); it cannot be
    /// declared idle or stopped while an operation is in progress on it.
    static let interruptionStates: Set<EquipmentState> = [.held, .suspended, .aborted]

    func setEquipmentState(_ id: String, to newState: EquipmentState) throws(MESError) -> [DomainEvent] {
        let machine = try self.machine(id)
        // A machine held or broken down mid-operation goes back to Execute when it resumes it.
        let resuming = newState == .execute && operationInProgress(onEquipment: id) != nil
        try require(Self.reportableStates.contains(newState) || resuming,
                    .validation(field: "state", message: "\(newState.rawValue) is entered by starting an operation or a maintenance order, not set directly"))
        try require(machine.state != .maintenance,
                    .illegalTransition(entity: "equipment", id: id, from: machine.state.rawValue, command: "change state before its maintenance order completes"))
        if let running = operationInProgress(onEquipment: id) {
            try require(Self.interruptionStates.contains(newState) || newState == .execute,
                        .precondition("equipment '\(id)' is running operation \(running); complete it before setting \(newState.rawValue)"))
        }
        return machine.state == newState ? [] : [.equipmentStateChanged(equipmentId: id, state: newState, at: time)]
    }

    func recordMachineCounts(_ id: String, good: Int, bad: Int, idealSecondsPerPart: Double?) throws(MESError) -> [DomainEvent] {
        _ = try machine(id)
        try require(good >= 0 && bad >= 0, .validation(field: "good", message: "counts cannot be negative (good \(good), bad \(bad))"))
        try require(good + bad > 0, .validation(field: "good", message: "a count report needs at least one part"))
        try require(good + bad <= 1_000_000, .validation(field: "good", message: "\(good + bad) parts in one report is not a machine count"))
        if let ideal = idealSecondsPerPart {
            try require(ideal > 0 && ideal.isFinite, .validation(field: "idealSecondsPerPart", message: "must be positive, got \(ideal)"))
        }
        return [.machinePartsCounted(equipmentId: id, good: good, bad: bad, idealSecondsPerPart: idealSecondsPerPart, at: time)]
    }

    func scheduleMaintenance(_ assetId: String, kind: MaintenanceOrder.Kind, description: String) throws(MESError) -> [DomainEvent] {
        try nonEmpty("description", description)
        let asset: EntityReference
        if let machine = state.equipment[assetId] {
            asset = EntityReference(.equipment, assetId)
            try require(kind != .calibration || machine.calibrationIntervalDays != nil,
                        .validation(field: "kind", message: "equipment '\(assetId)' has no calibration interval"))
            try require(kind != .preventive || machine.preventiveMaintenanceIntervalDays != nil,
                        .validation(field: "kind", message: "equipment '\(assetId)' has no preventive-maintenance plan"))
        } else if let tool = state.tools[assetId] {
            asset = EntityReference(.tool, assetId)
            try require(kind != .preventive, .validation(field: "kind", message: "tools and gauges have calibration or corrective maintenance"))
            try require(kind != .calibration || tool.calibrationIntervalDays != nil,
                        .validation(field: "kind", message: "\(tool.kind.rawValue) '\(assetId)' has no calibration interval"))
        } else {
            throw .notFound(entity: "equipment or tool", id: assetId)
        }
        let id = String(format: "MO-%04d-%06d", year, 1 + state.maintenanceOrderCount)
        let order = MaintenanceOrder(id: id, asset: asset, kind: kind, description: description, status: .scheduled, createdAt: time)
        return [.maintenanceScheduled(order)]
    }

    func startMaintenance(_ id: String) throws(MESError) -> [DomainEvent] {
        guard let order = state.maintenanceOrders[id] else { throw .notFound(entity: "maintenance order", id: id) }
        try require(order.status == .scheduled, .illegalTransition(entity: "maintenance order", id: id, from: order.status.rawValue, command: "start"))
        if order.asset.kind == .equipment {
            let machine = try self.machine(order.asset.id)
            // A machine that broke down mid-operation is repaired with the part still in it: the
            // operation stays in progress and resumes once the corrective order completes.
            if let running = operationInProgress(onEquipment: machine.id), !(order.kind == .corrective && machine.state == .aborted) {
                throw .precondition("equipment '\(machine.id)' is running operation \(running); complete it first")
            }
            try require(machine.state != .maintenance, .precondition("equipment '\(machine.id)' is already in maintenance"))
        } else {
            try require(state.tools[order.asset.id]?.inMaintenance != true, .precondition("tool '\(order.asset.id)' is already in maintenance"))
            if let running = operationInProgress(usingTool: order.asset.id) {
                throw .precondition("tool '\(order.asset.id)' is in use by operation \(running); complete it first")
            }
        }
        return [.maintenanceStarted(orderId: id, asset: order.asset, at: time)]
    }

    func completeMaintenance(_ id: String, signature: ElectronicSignature) throws(MESError) -> [DomainEvent] {
        guard let order = state.maintenanceOrders[id] else { throw .notFound(entity: "maintenance order", id: id) }
        try require(order.status == .inProgress, .illegalTransition(entity: "maintenance order", id: id, from: order.status.rawValue, command: "complete"))
        try checkSignature(signature, meaning: .responsibility)
        return [.maintenanceCompleted(orderId: id, asset: order.asset, by: actor.id, signature: signature, at: time)]
    }

    /// "serial/operation" of an operation in progress on the machine, if any: busy is derived
    /// from the operations, not from the machine's reported state.
    func operationInProgress(onEquipment id: String) -> String? { state.equipmentInUse[id] }

    func operationInProgress(usingTool id: String) -> String? { state.toolsInUse[id] }

    func deleteEquipment(_ id: String) throws(MESError) -> [DomainEvent] {
        _ = try machine(id)
        let used = state.serials.values.contains { $0.operations.contains { $0.equipmentId == id } }
        let maintained = state.maintenanceOrders.values.contains { $0.asset == EntityReference(.equipment, id) }
        try require(!used && !maintained, .precondition("equipment '\(id)' has production or maintenance history and cannot be deleted"))
        return [.equipmentDeleted(equipmentId: id)]
    }

    func certify(_ operatorId: String, _ certification: Certification) throws(MESError) -> [DomainEvent] {
        _ = try person(operatorId)
        try nonEmpty("skill", certification.skill)
        try finiteDate("issued", certification.issued)
        try finiteDate("expires", certification.expires)
        try require(certification.issued <= certification.expires, .validation(field: "expires", message: "a certification cannot expire before it is issued"))
        return [.operatorCertified(operatorId: operatorId, certification: certification)]
    }
}
