extension MESCore.Context {
    func receiveLot(_ lot: MaterialLot) throws(MESError) -> [DomainEvent] {
        try nonEmpty("lotCode", lot.lotCode)
        try nonEmpty("heatNumber", lot.heatNumber)
        try nonEmpty("supplier", lot.supplier)
        try require(state.lots[lot.lotCode] == nil, .duplicate(entity: "material lot", id: lot.lotCode))
        guard let material = state.materials[lot.material] else { throw .notFound(entity: "material", id: lot.material) }
        try positive("quantity", lot.quantity)
        for certificate in lot.certificates { try finiteDate("certificates[\(certificate.id)].issued", certificate.issued) }
        try require(lot.unit == material.unit, .validation(field: "unit", message: "\(material.id) is measured in \(material.unit), got \(lot.unit)"))
        try require(lot.parentLot == nil, .validation(field: "parentLot", message: "a received lot has no parent; split a lot to make a sub-lot"))
        try require(lot.remaining == lot.quantity && lot.allocated == 0 && lot.status != .consumed,
                    .validation(field: "quantity", message: "a received lot starts whole and unallocated"))
        return [.lotReceived(lot)]
    }

    func splitLot(_ parentCode: String, into newCode: String, quantity: Double) throws(MESError) -> [DomainEvent] {
        let parent = try lot(parentCode)
        try nonEmpty("newLot", newCode)
        try require(state.lots[newCode] == nil, .duplicate(entity: "material lot", id: newCode))
        try require(parent.status == .available, .illegalTransition(entity: "material lot", id: parentCode, from: parent.status.rawValue, command: "split"))
        try positive("quantity", quantity)
        let free = parent.remaining - parent.allocated
        try require(Quantity.fits(quantity, in: free), .validation(field: "quantity", message: "\(quantity) \(parent.unit) exceeds the \(free) \(parent.unit) of \(parentCode) not yet consumed or allocated"))
        let child = MaterialLot(
            lotCode: newCode, material: parent.material, heatNumber: parent.heatNumber, supplier: parent.supplier, quantity: quantity,
            unit: parent.unit, certificates: parent.certificates, parentLot: parentCode)
        return [.lotSplit(parentLot: parentCode, newLot: child)]
    }

    func allocate(_ lotCode: String, to orderId: String, quantity: Double) throws(MESError) -> [DomainEvent] {
        let lot = try self.lot(lotCode)
        let order = try workOrder(orderId)
        try require(lot.status == .available, .illegalTransition(entity: "material lot", id: lotCode, from: lot.status.rawValue, command: "allocate"))
        try require([.created, .released, .inProgress, .onHold].contains(order.status),
                    .illegalTransition(entity: "work order", id: orderId, from: order.status.rawValue, command: "allocate material to"))
        try positive("quantity", quantity)
        let free = lot.remaining - lot.allocated
        try require(Quantity.fits(quantity, in: free), .validation(field: "quantity", message: "\(quantity) \(lot.unit) exceeds the \(free) \(lot.unit) of \(lotCode) still free"))
        try requireMaterial(lot.material, usableFor: order.partNumber, revision: order.revision)
        return [.materialAllocated(Allocation(lotCode: lotCode, workOrderId: orderId, quantity: quantity))]
    }

    func consume(_ lotCode: String, into serialNumber: String, quantity: Double, operation: Int?) throws(MESError) -> [DomainEvent] {
        let lot = try self.lot(lotCode)
        let unit = try serial(serialNumber)
        try require(lot.status == .available, .illegalTransition(entity: "material lot", id: lotCode, from: lot.status.rawValue, command: "consume from"))
        try require(unit.status == .inProcess, .illegalTransition(entity: "serial", id: serialNumber, from: unit.status.rawValue, command: "consume material into"))
        try requireActiveOrder(of: unit, "consume material into")
        try positive("quantity", quantity)
        let ownAllocation = state.allocations.first { $0.lotCode == lotCode && $0.workOrderId == unit.workOrderId }?.quantity ?? 0
        let available = lot.remaining - (lot.allocated - ownAllocation)
        try require(Quantity.fits(quantity, in: available),
                    .validation(field: "quantity", message: "\(quantity) \(lot.unit) exceeds the \(available) \(lot.unit) of \(lotCode) available to \(unit.workOrderId)"))
        if let operation {
            try require(unit.operations.contains { $0.number == operation }, .notFound(entity: "operation", id: "\(serialNumber)/\(operation)"))
        }
        try requireMaterial(lot.material, usableFor: unit.partNumber, revision: unit.revision)
        return [.materialConsumed(serial: serialNumber, consumption: Consumption(lotCode: lotCode, quantity: quantity, operationNumber: operation, time: time))]
    }

    func install(_ componentSerial: String, into assemblySerial: String) throws(MESError) -> [DomainEvent] {
        let assembly = try serial(assemblySerial)
        let component = try serial(componentSerial)
        try require(assembly.status == .inProcess, .illegalTransition(entity: "serial", id: assemblySerial, from: assembly.status.rawValue, command: "install into"))
        try requireActiveOrder(of: assembly, "install into")
        try require(component.status == .completed,
                    .illegalTransition(entity: "serial", id: componentSerial, from: component.status.rawValue, command: "install"))
        try require(component.installedIn == nil, .precondition("serial '\(componentSerial)' is already installed in '\(component.installedIn ?? "")'"))
        try require(!component.isOnHold, .precondition("serial '\(componentSerial)' is on hold under \(component.holds.joined(separator: ", "))"))
        let bom = state.parts[Part.key(assembly.partNumber, assembly.revision)]?.billOfMaterials ?? []
        try require(bom.contains { $0.kind == .component && $0.item == component.partNumber },
                    .precondition("\(assembly.partNumber) rev \(assembly.revision) has no component \(component.partNumber) in its bill of materials"))
        return [.componentInstalled(assembly: assemblySerial, component: componentSerial)]
    }

    func approve(_ substitution: Substitution) throws(MESError) -> [DomainEvent] {
        try checkSignature(substitution.signature, meaning: .approval)
        let revisions = state.parts.values.filter { $0.partNumber == substitution.partNumber }
        try require(!revisions.isEmpty, .notFound(entity: "part", id: substitution.partNumber))
        try require(state.materials[substitution.substitute] != nil, .notFound(entity: "material", id: substitution.substitute))
        try require(revisions.contains { $0.billOfMaterials.contains { $0.kind == .material && $0.item == substitution.material } },
                    .validation(field: "material", message: "\(substitution.partNumber) does not use \(substitution.material)"))
        try require(!state.substitutions.contains { $0.reference == substitution.reference }, .duplicate(entity: "substitution", id: substitution.reference.id))
        return [.substitutionApproved(substitution)]
    }

    /// Quarantines the lot and every sub-lot split from it that is still in stock.
    func quarantine(_ lotCode: String, reason: String) throws(MESError) -> [DomainEvent] {
        let lot = try self.lot(lotCode)
        try nonEmpty("reason", reason)
        try require(lot.status != .quarantined, .illegalTransition(entity: "material lot", id: lotCode, from: lot.status.rawValue, command: "quarantine"))
        var events: [DomainEvent] = []
        var pending = [lotCode]
        while let code = pending.popLast() {
            if let current = state.lots[code], current.status == .available || code == lotCode {
                events.append(.lotStatusChanged(lotCode: code, status: .quarantined, reason: reason))
            }
            pending += state.childLots[code] ?? []
        }
        return events
    }

    func releaseFromQuarantine(_ lotCode: String) throws(MESError) -> [DomainEvent] {
        let lot = try self.lot(lotCode)
        try require(lot.status == .quarantined, .illegalTransition(entity: "material lot", id: lotCode, from: lot.status.rawValue, command: "release from quarantine"))
        var ancestor = lot.parentLot
        while let code = ancestor {
            try require(state.lots[code]?.status != .quarantined,
                        .precondition("material lot '\(lotCode)' was split from '\(code)', which is quarantined; release that first"))
            ancestor = state.lots[code]?.parentLot
        }
        return [.lotStatusChanged(lotCode: lotCode, status: lot.remaining > 0 ? .available : .consumed, reason: nil)]
    }

    func addCertificate(_ certificate: MaterialCertificate, to lotCode: String) throws(MESError) -> [DomainEvent] {
        let lot = try self.lot(lotCode)
        try nonEmpty("certificate.id", certificate.id)
        try finiteDate("certificate.issued", certificate.issued)
        try require(!lot.certificates.contains { $0.id == certificate.id }, .duplicate(entity: "certificate", id: certificate.id))
        return [.lotCertificateAdded(lotCode: lotCode, certificate: certificate)]
    }

    func deleteLot(_ lotCode: String) throws(MESError) -> [DomainEvent] {
        let lot = try self.lot(lotCode)
        try require(lot.parentLot == nil, .precondition("material lot '\(lotCode)' is a sub-lot of '\(lot.parentLot ?? "")': its stock and genealogy stay; quarantine it instead"))
        let untouched = lot.remaining == lot.quantity && lot.allocated == 0 && (state.childLots[lotCode] ?? []).isEmpty
            && !state.serials.values.contains { $0.consumptions.contains { $0.lotCode == lotCode } }
        try require(untouched, .precondition("material lot '\(lotCode)' has been split, allocated or consumed; quarantine it instead"))
        return [.lotDeleted(lotCode: lotCode)]
    }

    /// Material goes only into serials of orders that are released or running.
    func requireActiveOrder(of unit: SerialUnit, _ command: String) throws(MESError) {
        let order = try workOrder(unit.workOrderId)
        try require(order.status == .released || order.status == .inProgress,
                    .illegalTransition(entity: "work order", id: order.id, from: order.status.rawValue, command: command))
    }

    /// A material may go into a part when its bill of materials names it or an approved substitution allows it.
    func requireMaterial(_ material: String, usableFor partNumber: String, revision: String) throws(MESError) {
        let bom = state.parts[Part.key(partNumber, revision)]?.billOfMaterials ?? []
        let named = bom.contains { $0.kind == .material && $0.item == material }
        let substituted = state.substitutions.contains { substitution in
            substitution.partNumber == partNumber && substitution.substitute == material
                && bom.contains { $0.kind == .material && $0.item == substitution.material }
        }
        try require(named || substituted, .precondition("material \(material) is not in the bill of materials of \(partNumber) rev \(revision) and no substitution is approved"))
    }
}
