import Foundation

extension MESCore.Context {
    func defineInspectionPlan(_ plan: InspectionPlan) throws(MESError) -> [DomainEvent] {
        try nonEmpty("plan.id", plan.id)
        try require(state.inspectionPlans[plan.id] == nil, .duplicate(entity: "inspection plan", id: plan.id))
        guard let part = state.parts[Part.key(plan.partNumber, plan.revision)] else { throw .notFound(entity: "part", id: Part.key(plan.partNumber, plan.revision)) }
        try require(part.routing.contains { $0.number == plan.operationNumber },
                    .validation(field: "operationNumber", message: "\(part.key) has no operation \(plan.operationNumber)"))
        try require(!plan.characteristics.isEmpty, .validation(field: "characteristics", message: "a plan needs at least one characteristic"))
        var ids = Set<String>(), balloons = Set<Int>()
        for characteristic in plan.characteristics {
            let field = "characteristics[\(characteristic.id)]"
            try nonEmpty("\(field).id", characteristic.id)
            try require(ids.insert(characteristic.id).inserted, .duplicate(entity: "characteristic", id: characteristic.id))
            try require(balloons.insert(characteristic.balloon).inserted, .validation(field: "\(field).balloon", message: "balloon \(characteristic.balloon) is used twice"))
            try require(characteristic.nominal.isFinite, .validation(field: "\(field).nominal", message: "must be a finite number"))
            try require(characteristic.lowerLimit != nil || characteristic.upperLimit != nil,
                        .validation(field: field, message: "needs a lower or an upper specification limit"))
            if let lower = characteristic.lowerLimit { try require(lower.isFinite, .validation(field: "\(field).lowerLimit", message: "must be a finite number")) }
            if let upper = characteristic.upperLimit { try require(upper.isFinite, .validation(field: "\(field).upperLimit", message: "must be a finite number")) }
            if let lower = characteristic.lowerLimit, let upper = characteristic.upperLimit {
                try require(lower < upper, .validation(field: field, message: "lower limit \(lower) must lie below upper limit \(upper)"))
            }
            try require(characteristic.conforms(characteristic.nominal), .validation(field: "\(field).nominal", message: "the nominal lies outside its own limits"))
            if let gauge = characteristic.gaugeId { try require(state.tools[gauge] != nil, .notFound(entity: "gauge", id: gauge)) }
        }
        if case .everyNth(let n) = plan.sampling { try require(n >= 1, .validation(field: "sampling", message: "every n-th needs n ≥ 1, got \(n)")) }
        return [.inspectionPlanDefined(plan)]
    }

    func createInspection(serial serialNumber: String, planId: String) throws(MESError) -> [DomainEvent] {
        let unit = try serial(serialNumber)
        guard let plan = state.inspectionPlans[planId] else { throw .notFound(entity: "inspection plan", id: planId) }
        try require(plan.partNumber == unit.partNumber && plan.revision == unit.revision,
                    .validation(field: "planId", message: "\(planId) is for \(plan.partNumber) rev \(plan.revision), not \(unit.partNumber) rev \(unit.revision)"))
        try require(unit.status == .inProcess, .illegalTransition(entity: "serial", id: serialNumber, from: unit.status.rawValue, command: "inspect"))
        let operation = unit.operations.first { $0.number == plan.operationNumber }
        // A re-inspection under an NCR raised by hand has no failed plan to repeat: any plan of the part may clear it, wherever the part is.
        let reinspectingHandRaised = unit.operations.contains { record in
            record.kind == .reinspection && record.status == .inProgress
                && record.nonConformanceId.flatMap { state.nonConformances[$0] }.map { $0.inspectionId == nil } == true
        }
        try require(reinspectingHandRaised || operation?.status == .inProgress || operation?.status == .completed,
                    .precondition("\(serialNumber) is not at operation \(plan.operationNumber) yet; \(planId) inspects it there"))
        // A re-inspection after rework or repair measures only what failed.
        let reinspection = state.nonConformances.values.filter {
            $0.subject == EntityReference(.serial, serialNumber) && $0.status == .dispositioned && ($0.disposition == .rework || $0.disposition == .repair)
                && $0.inspectionId.flatMap { state.inspections[$0]?.planId } == planId
        }.max { $0.id < $1.id }
        let id = String(format: "INS-%04d-%06d", year, 1 + state.inspectionCount)
        let inspection = Inspection(
            id: id, planId: planId, serial: serialNumber, workOrderId: unit.workOrderId, status: .open, createdAt: time, results: [],
            characteristicIds: reinspection?.characteristicIds ?? plan.characteristics.map(\.id))
        return [.inspectionCreated(inspection)]
    }

    func updateInspection(_ id: String, inspectorId: String?, notes: String?) throws(MESError) -> [DomainEvent] {
        let inspection = try self.inspection(id)
        try require(inspection.status == .open, .illegalTransition(entity: "inspection", id: id, from: inspection.status.rawValue, command: "update"))
        if let inspectorId { _ = try person(inspectorId) }
        return [.inspectionUpdated(id: id, inspectorId: inspectorId, notes: notes)]
    }

    /// Only an inspection nothing was measured for may go: a recorded result is a quality
    /// record and stays (AS9100 record retention).
    func deleteInspection(_ id: String) throws(MESError) -> [DomainEvent] {
        let inspection = try self.inspection(id)
        try require(inspection.status == .open && inspection.results.isEmpty,
                    .illegalTransition(entity: "inspection", id: id, from: inspection.results.isEmpty ? inspection.status.rawValue : "\(inspection.status.rawValue) with results", command: "delete"))
        return [.inspectionDeleted(id: id)]
    }

    /// Records measurements; each out-of-specification value opens an NCR and holds the serial.
    func recordResults(_ id: String, _ measurements: [MeasuredValue]) throws(MESError) -> [DomainEvent] {
        let inspection = try self.inspection(id)
        try require(inspection.status == .open, .illegalTransition(entity: "inspection", id: id, from: inspection.status.rawValue, command: "record results in"))
        guard let plan = state.inspectionPlans[inspection.planId] else { throw .notFound(entity: "inspection plan", id: inspection.planId) }
        let unit = try serial(inspection.serial)
        try require(unit.status == .inProcess, .illegalTransition(entity: "serial", id: unit.serial, from: unit.status.rawValue, command: "record results for"))
        if let role = plan.requiredRole, !actor.roles.contains(role), !actor.roles.contains(.systemAdministrator) {
            throw .forbidden(actor: actor.id, action: .create, resource: .qualityData)
        }
        try require(!measurements.isEmpty, .validation(field: "measurements", message: "no measurement given"))
        var recorded = Set(inspection.results.map(\.characteristicId))
        var results: [CharacteristicResult] = []
        for measurement in measurements {
            let field = "measurements[\(measurement.characteristicId)]"
            guard inspection.characteristicIds.contains(measurement.characteristicId),
                let characteristic = plan.characteristics.first(where: { $0.id == measurement.characteristicId })
            else { throw .notFound(entity: "characteristic", id: "\(plan.id)/\(measurement.characteristicId)") }
            try require(measurement.value.isFinite, .validation(field: "\(field).value", message: "must be a finite number, got \(measurement.value)"))
            try require(recorded.insert(measurement.characteristicId).inserted, .duplicate(entity: "result", id: "\(id)/\(measurement.characteristicId)"))
            if let required = characteristic.gaugeId, let given = measurement.gaugeId, given != required {
                throw .validation(field: "\(field).gaugeId", message: "the plan requires gauge '\(required)', got '\(given)'")
            }
            let gaugeId = measurement.gaugeId ?? characteristic.gaugeId
            if let gaugeId {
                guard let gauge = state.tools[gaugeId] else { throw .notFound(entity: "gauge", id: gaugeId) }
                try require(gauge.kind == .gauge, .validation(field: "\(field).gaugeId", message: "'\(gaugeId)' is a \(gauge.kind.rawValue), not a gauge"))
                if let reason = gauge.lockout(at: time) { throw .precondition("\(reason): it cannot record results") }
            }
            results.append(CharacteristicResult(characteristicId: characteristic.id, value: measurement.value, conforms: characteristic.conforms(measurement.value),
                                                gaugeId: gaugeId, recordedBy: actor.id, recordedAt: time))
        }
        let all = inspection.results + results
        let complete = Set(all.map(\.characteristicId)).isSuperset(of: inspection.characteristicIds)
        // The inspection stays open until every characteristic is measured, failed or not; a
        // nonconforming value opens its NCR at once.
        let status: Inspection.Status = !complete ? .open : all.contains { !$0.conforms } ? .failed : .passed
        var events: [DomainEvent] = [.resultsRecorded(inspectionId: id, results: results, status: status)]
        let failed = results.filter { !$0.conforms }
        if !failed.isEmpty {
            let text = failed.map { result in
                let c = plan.characteristics.first { $0.id == result.characteristicId }!
                return "\(c.id) (balloon \(c.balloon)) measured \(result.value) \(c.unit), specification [\(c.lowerLimit.map { "\($0)" } ?? "-∞"), \(c.upperLimit.map { "\($0)" } ?? "+∞")]"
            }.joined(separator: "; ")
            events.append(.nonConformanceOpened(newNonConformance(subject: EntityReference(.serial, inspection.serial), description: text,
                                                                  inspectionId: id, characteristics: failed.map(\.characteristicId))))
        }
        return events
    }

    func openNonConformance(_ subject: EntityReference, description: String) throws(MESError) -> [DomainEvent] {
        try nonEmpty("description", description)
        var events: [DomainEvent] = [.nonConformanceOpened(newNonConformance(subject: subject, description: description, inspectionId: nil, characteristics: []))]
        switch subject.kind {
        case .serial:
            let unit = try serial(subject.id)
            try require(unit.status == .inProcess,
                        .illegalTransition(entity: "serial", id: unit.serial, from: unit.status.rawValue, command: "raise an NCR against (raise it against its assembly or lot)"))
        case .lot:
            // Suspect material is held until the NCR is dispositioned.
            if try lot(subject.id).status == .available { events.append(.lotStatusChanged(lotCode: subject.id, status: .quarantined, reason: "NCR")) }
        default:
            throw .validation(field: "subject", message: "an NCR is raised against a serial or a material lot, not a \(subject.kind.rawValue)")
        }
        return events
    }

    func newNonConformance(subject: EntityReference, description: String, inspectionId: String?, characteristics: [String]) -> NonConformance {
        NonConformance(
            id: String(format: "NCR-%04d-%06d", year, 1 + state.nonConformanceCount), subject: subject, description: description, inspectionId: inspectionId,
            characteristicIds: characteristics, status: .open, openedAt: time, openedBy: actor.id, reviewSignature: nil, addedOperations: [])
    }

    func reviewNonConformance(_ id: String, signature: ElectronicSignature) throws(MESError) -> [DomainEvent] {
        let report = try nonConformance(id)
        try require(report.status == .open, .illegalTransition(entity: "NCR", id: id, from: report.status.rawValue, command: "review"))
        try requireQualityRole([.qualityEngineer, .qualityInspector])
        try checkSignature(signature, meaning: .review)
        return [.nonConformanceReviewed(id: id, signature: signature)]
    }

    /// Each disposition changes real state: the serial's route, its status, the lot's stock.
    func disposition(_ id: String, _ disposition: NonConformance.Disposition, signature: ElectronicSignature, customerApproval: String?) throws(MESError)
        -> [DomainEvent]
    {
        // Deciding the fate of product takes the full Quality Data authority of the matrix.
        try MESCore.authorize(actor, .delete, on: .qualityData)
        let report = try nonConformance(id)
        try require(report.status == .underReview, .illegalTransition(entity: "NCR", id: id, from: report.status.rawValue, command: "disposition"))
        try checkSignature(signature, meaning: .approval)
        if disposition == .useAsIs {
            try require(actor.roles.contains(.qualityEngineer), .forbidden(actor: actor.id, action: .update, resource: .qualityData))
        }
        var events: [DomainEvent] = []
        var added: [OperationRecord] = []
        switch report.subject.kind {
        case .serial:
            let unit = try serial(report.subject.id)
            try require(disposition != .returnToVendor, .validation(field: "disposition", message: "return-to-vendor applies to material lots"))
            try require(unit.status == .inProcess || (unit.status == .scrapped && disposition == .scrap),
                        .illegalTransition(entity: "serial", id: unit.serial, from: unit.status.rawValue, command: "disposition \(disposition.rawValue)"))
            switch disposition {
            case .rework, .repair:
                if disposition == .repair {
                    try require(!(customerApproval ?? "").trimmingCharacters(in: .whitespaces).isEmpty,
                                .validation(field: "customerApproval", message: "a repair needs the customer's recorded approval"))
                }
                added = try addedOperations(for: report, on: unit, kind: disposition == .rework ? .rework : .repair)
            case .scrap where unit.status == .inProcess:
                // An operation still running on the part ends as scrap and frees its machine.
                for running in unit.operations where running.status == .inProgress {
                    events.append(.operationCompleted(serial: unit.serial, operationNumber: running.number, scrapReason: "scrapped under \(id)", at: time))
                    if let machine = running.equipmentId, state.equipment[machine]?.state == .execute {
                        events.append(.equipmentStateChanged(equipmentId: machine, state: .idle, at: time))
                    }
                }
                events.append(.serialStatusChanged(serial: unit.serial, status: .scrapped))
            default:
                break
            }
            events.insert(.nonConformanceDispositioned(id: id, subject: report.subject, disposition: disposition, signature: signature,
                                                       customerApproval: customerApproval, addedOperations: added), at: 0)
            if unit.status == .inProcess { events += finishIfDone(unit, releasedFrom: id, scrapped: disposition == .scrap, added: added) }
        default:
            let lot = try self.lot(report.subject.id)
            events.append(.nonConformanceDispositioned(id: id, subject: report.subject, disposition: disposition, signature: signature,
                                                       customerApproval: customerApproval, addedOperations: []))
            switch disposition {
            case .returnToVendor:
                try require(lot.remaining > 0, .precondition("material lot '\(lot.lotCode)' has nothing left to return"))
                events.append(.lotReturnedToVendor(SupplierReturn(lotCode: lot.lotCode, supplier: lot.supplier, quantity: lot.remaining, nonConformanceId: id, time: time)))
            case .scrap:
                events.append(.lotStatusChanged(lotCode: lot.lotCode, status: .consumed, reason: "scrapped under \(id)"))
            case .useAsIs:
                if lot.status == .quarantined { events.append(.lotStatusChanged(lotCode: lot.lotCode, status: .available, reason: "use as is under \(id)")) }
            case .rework, .repair:
                throw .validation(field: "disposition", message: "\(disposition.rawValue) applies to serials, not material lots")
            }
        }
        return events
    }

    /// A rework or repair step at the work centre that made the part, then a re-inspection of
    /// what failed, numbered just after the inspection's operation.
    func addedOperations(for report: NonConformance, on unit: SerialUnit, kind: OperationRecord.Kind) throws(MESError) -> [OperationRecord] {
        let inspectionOperation = report.inspectionId.flatMap { state.inspections[$0] }.flatMap { state.inspectionPlans[$0.planId] }?.operationNumber
            ?? unit.operations.last(where: { $0.status == .completed || $0.status == .inProgress })?.number ?? unit.operations.first!.number
        let producing = unit.operations.last { $0.number < inspectionOperation && $0.kind == .routing } ?? unit.operations.first { $0.number == inspectionOperation }!
        let inspecting = unit.operations.first { $0.number == inspectionOperation } ?? producing
        var used = Set(unit.operations.map(\.number))
        func next(after number: Int) -> Int {
            var candidate = number + 1
            while used.contains(candidate) { candidate += 1 }
            used.insert(candidate)
            return candidate
        }
        let work = next(after: inspectionOperation)
        let check = next(after: work)
        return [
            OperationRecord(number: work, description: "\(kind.rawValue) under \(report.id)", workCenter: producing.workCenter, kind: kind,
                            alternateWorkCenters: producing.alternateWorkCenters, requiredCertification: producing.requiredCertification,
                            nonConformanceId: report.id, status: .pending, toolIds: []),
            OperationRecord(number: check, description: "Re-inspect \(report.characteristicIds.joined(separator: ", "))", workCenter: inspecting.workCenter,
                            kind: .reinspection, alternateWorkCenters: inspecting.alternateWorkCenters,
                            requiredCertification: inspecting.requiredCertification, nonConformanceId: report.id, status: .pending, toolIds: []),
        ]
    }

    /// When a disposition releases the last hold of a serial with nothing left to do, the serial
    /// is finished and its order may complete.
    func finishIfDone(_ unit: SerialUnit, releasedFrom id: String, scrapped: Bool, added: [OperationRecord]) -> [DomainEvent] {
        let otherHolds = unit.holds.filter { $0 != id }
        let done = scrapped || (otherHolds.isEmpty && added.isEmpty && unit.operations.allSatisfy { $0.status == .completed })
        guard done, let order = state.workOrders[unit.workOrderId] else { return [] }
        var events: [DomainEvent] = scrapped ? [] : [.serialStatusChanged(serial: unit.serial, status: .completed)]
        let othersDone = order.serials.allSatisfy { $0 == unit.serial || state.serials[$0]?.status != .inProcess }
        if othersDone && [.released, .inProgress, .onHold].contains(order.status) {
            events += releaseAllocations(of: order.id)
            events.append(.workOrderStatusChanged(id: order.id, status: .completed, reason: nil, at: time))
        }
        return events
    }

    /// Quality decisions and signatures that the matrix's Quality Data rights alone do not grant
    /// (Operators and Plant Managers hold them too): they need a quality role, or an administrator.
    func requireQualityRole(_ roles: Set<Role>) throws(MESError) {
        try require(!actor.roles.isDisjoint(with: roles.union([.systemAdministrator])),
                    .forbidden(actor: actor.id, action: .update, resource: .qualityData))
    }

    func closeNonConformance(_ id: String, signature: ElectronicSignature) throws(MESError) -> [DomainEvent] {
        let report = try nonConformance(id)
        try require(report.status == .dispositioned, .illegalTransition(entity: "NCR", id: id, from: report.status.rawValue, command: "close"))
        try requireQualityRole([.qualityEngineer])
        try checkSignature(signature, meaning: .approval)
        if report.subject.kind == .serial, let unit = state.serials[report.subject.id] {
            let open = unit.operations.filter { report.addedOperations.contains($0.number) && $0.status != .completed }
            try require(open.isEmpty || unit.status == .scrapped,
                        .precondition("NCR '\(id)' cannot close before operations \(open.map(\.number)) of \(unit.serial) are complete"))
        }
        return [.nonConformanceClosed(id: id, signature: signature, at: time)]
    }
}
