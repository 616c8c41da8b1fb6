import Foundation

extension MESCore.Context {
    static let maximumQuantity = 100_000

    func createWorkOrder(_ request: CreateWorkOrder) throws(MESError) -> [DomainEvent] {
        try nonEmpty("partNumber", request.partNumber)
        let part = try resolvePart(request.partNumber, revision: request.revision)
        try require(request.quantity > 0 && request.quantity <= Self.maximumQuantity,
                    .validation(field: "quantity", message: "must be between 1 and \(Self.maximumQuantity), got \(request.quantity)"))
        if let date = request.targetDate { try checkDate("targetDate", date) }
        let id = String(format: "WO-%04d-%06d", year, 1_001 + state.workOrderCount)
        try require(state.workOrders[id] == nil, .duplicate(entity: "work order", id: id))
        let order = WorkOrder(
            id: id, partNumber: part.partNumber, revision: part.revision, quantity: request.quantity, priority: request.priority,
            targetDate: request.targetDate, customerOrder: request.customerOrder, status: .created, createdAt: time, serials: [])
        return [.workOrderCreated(order)]
    }

    func updateWorkOrder(_ request: UpdateWorkOrder) throws(MESError) -> [DomainEvent] {
        var order = try workOrder(request.id)
        switch order.status {
        case .completed, .closed, .cancelled:
            throw .illegalTransition(entity: "work order", id: order.id, from: order.status.rawValue, command: "update")
        case .created:
            if let quantity = request.quantity {
                try require(quantity > 0 && quantity <= Self.maximumQuantity,
                            .validation(field: "quantity", message: "must be between 1 and \(Self.maximumQuantity), got \(quantity)"))
                order.quantity = quantity
            }
        case .released, .inProgress, .onHold:
            try require(request.quantity == nil || request.quantity == order.quantity,
                        .illegalTransition(entity: "work order", id: order.id, from: order.status.rawValue, command: "change the quantity of a released order"))
        }
        if let priority = request.priority { order.priority = priority }
        if let date = request.targetDate {
            try checkDate("targetDate", date)
            order.targetDate = date
        }
        if let customerOrder = request.customerOrder { order.customerOrder = customerOrder }
        return order == state.workOrders[order.id] ? [] : [.workOrderUpdated(order)]
    }

    func deleteWorkOrder(_ id: String) throws(MESError) -> [DomainEvent] {
        let order = try workOrder(id)
        try require(order.status == .created, .illegalTransition(entity: "work order", id: id, from: order.status.rawValue, command: "delete"))
        return releaseAllocations(of: id) + [.workOrderDeleted(id: id)]
    }

    func releaseWorkOrder(_ id: String, serials requested: [String]?) throws(MESError) -> [DomainEvent] {
        let order = try workOrder(id)
        try require(order.status == .created, .illegalTransition(entity: "work order", id: id, from: order.status.rawValue, command: "release"))
        guard let part = state.parts[Part.key(order.partNumber, order.revision)] else {
            throw .notFound(entity: "part", id: Part.key(order.partNumber, order.revision))
        }
        let numbers: [String]
        if let requested {
            try require(requested.count == order.quantity,
                        .validation(field: "serials", message: "\(order.quantity) serial numbers needed, got \(requested.count)"))
            var seen = Set<String>()
            for serial in requested {
                try nonEmpty("serials", serial)
                try require(seen.insert(serial).inserted, .duplicate(entity: "serial", id: serial))
                try require(state.serials[serial] == nil, .duplicate(entity: "serial", id: serial))
            }
            numbers = requested
        } else {
            let width = max(2, String(order.quantity).count)
            let stem = "SN" + order.id.dropFirst(2)
            numbers = (1...order.quantity).map { "\(stem)-" + String(format: "%0\(width)d", $0) }
            for serial in numbers { try require(state.serials[serial] == nil, .duplicate(entity: "serial", id: serial)) }
        }
        let operations = part.routing.map {
            OperationRecord(number: $0.number, description: $0.description, workCenter: $0.workCenter, alternateWorkCenters: $0.alternateWorkCenters,
                            requiredCertification: $0.requiredCertification, status: .pending, toolIds: [])
        }
        let units = numbers.map {
            SerialUnit(serial: $0, workOrderId: id, partNumber: part.partNumber, revision: part.revision, status: .inProcess,
                       operations: operations, consumptions: [], components: [])
        }
        return try firstArticleOnRelease(of: order, part: part) + [.workOrderReleased(id: id, at: time, units: units)]
    }

    func holdWorkOrder(_ id: String, reason: String) throws(MESError) -> [DomainEvent] {
        let order = try workOrder(id)
        try nonEmpty("reason", reason)
        try require(order.status == .released || order.status == .inProgress,
                    .illegalTransition(entity: "work order", id: id, from: order.status.rawValue, command: "put on hold"))
        return [.workOrderStatusChanged(id: id, status: .onHold, reason: reason, at: time)]
    }

    func resumeWorkOrder(_ id: String) throws(MESError) -> [DomainEvent] {
        let order = try workOrder(id)
        guard order.status == .onHold, let previous = order.statusBeforeHold else {
            throw .illegalTransition(entity: "work order", id: id, from: order.status.rawValue, command: "resume")
        }
        return [.workOrderStatusChanged(id: id, status: previous, reason: nil, at: time)]
    }

    func cancelWorkOrder(_ id: String, reason: String) throws(MESError) -> [DomainEvent] {
        let order = try workOrder(id)
        try nonEmpty("reason", reason)
        try require([.created, .released, .inProgress, .onHold].contains(order.status),
                    .illegalTransition(entity: "work order", id: id, from: order.status.rawValue, command: "cancel"))
        let running = order.serials.compactMap { state.serials[$0] }.contains { $0.operations.contains { $0.status == .inProgress } }
        try require(!running, .precondition("work order '\(id)' has an operation in progress; complete it before cancelling"))
        return releaseAllocations(of: id) + [.workOrderStatusChanged(id: id, status: .cancelled, reason: reason, at: time)]
    }

    func closeWorkOrder(_ id: String, signature: ElectronicSignature) throws(MESError) -> [DomainEvent] {
        let order = try workOrder(id)
        try require(order.status == .completed, .illegalTransition(entity: "work order", id: id, from: order.status.rawValue, command: "close"))
        try checkSignature(signature, meaning: .approval)
        return [.workOrderClosed(id: id, signature: signature, at: time)]
    }

    /// Starts one serial's operation when the route, the equipment, its tools and the operator all allow it.
    func startOperation(_ request: StartOperation) throws(MESError) -> [DomainEvent] {
        let order = try workOrder(request.workOrderId)
        guard order.status == .released || order.status == .inProgress else {
            throw .illegalTransition(entity: "work order", id: order.id, from: order.status.rawValue, command: "start an operation")
        }
        let unit = try serial(request.serial)
        try require(unit.workOrderId == order.id, .validation(field: "serial", message: "\(unit.serial) belongs to \(unit.workOrderId), not \(order.id)"))
        try require(unit.status == .inProcess, .illegalTransition(entity: "serial", id: unit.serial, from: unit.status.rawValue, command: "start an operation"))
        guard let operation = unit.operations.first(where: { $0.number == request.operationNumber }) else {
            throw .notFound(entity: "operation", id: "\(unit.serial)/\(request.operationNumber)")
        }
        try require(operation.status == .pending,
                    .illegalTransition(entity: "operation", id: "\(unit.serial)/\(operation.number)", from: operation.status.rawValue, command: "start"))
        if let previous = unit.operations.last(where: { $0.number < operation.number }) {
            try require(previous.status == .completed,
                        .precondition("operation \(operation.number) of \(unit.serial) cannot start before operation \(previous.number) is complete"))
        }
        try require(!unit.isOnHold, .precondition("serial '\(unit.serial)' is on hold under \(unit.holds.joined(separator: ", "))"))
        let machine = try self.machine(request.equipmentId)
        try require(machine.workCenter == operation.workCenter || operation.alternateWorkCenters.contains(machine.workCenter),
                    .precondition("equipment '\(machine.id)' in \(machine.workCenter) cannot perform operation \(operation.number) (work centre \(operation.workCenter))"))
        if let reason = machine.lockout(at: time) { throw .precondition(reason) }
        if let running = operationInProgress(onEquipment: machine.id) { throw .precondition("equipment '\(machine.id)' is busy with \(running)") }
        for toolId in request.toolIds {
            guard let tool = state.tools[toolId] else { throw .notFound(entity: "tool", id: toolId) }
            if let reason = tool.lockout(at: time) { throw .precondition(reason) }
        }
        let person = try self.person(request.operatorId)
        // An operator starts work as themselves; supervisors and above may book it for someone else.
        let mayBookForOthers = !actor.roles.isDisjoint(with: [.systemAdministrator, .plantManager, .productionSupervisor])
        try require(mayBookForOthers || person.id == actor.id,
                    .precondition("\(actor.id) cannot start work as operator '\(person.id)'; operators start operations as themselves"))
        if let skill = operation.requiredCertification {
            try require(person.isCertified(for: skill, at: time),
                        .precondition("operator '\(person.id)' holds no valid certification '\(skill)' for operation \(operation.number)"))
        }
        var events: [DomainEvent] = [
            .operationStarted(serial: unit.serial, operationNumber: operation.number, equipmentId: machine.id, operatorId: person.id,
                              toolIds: request.toolIds, at: time),
            .equipmentStateChanged(equipmentId: machine.id, state: .execute, at: time),
        ]
        if order.status == .released { events.append(.workOrderStatusChanged(id: order.id, status: .inProgress, reason: nil, at: time)) }
        return events
    }

    /// Completes an operation good, or scraps the serial; the last serial finishing completes the order.
    func completeOperation(_ request: CompleteOperation) throws(MESError) -> [DomainEvent] {
        let order = try workOrder(request.workOrderId)
        let unit = try serial(request.serial)
        try require(unit.workOrderId == order.id, .validation(field: "serial", message: "\(unit.serial) belongs to \(unit.workOrderId), not \(order.id)"))
        guard let operation = unit.operations.first(where: { $0.number == request.operationNumber }) else {
            throw .notFound(entity: "operation", id: "\(unit.serial)/\(request.operationNumber)")
        }
        try require(operation.status == .inProgress,
                    .illegalTransition(entity: "operation", id: "\(unit.serial)/\(operation.number)", from: operation.status.rawValue, command: "complete"))
        if let reason = request.scrapReason { try nonEmpty("scrapReason", reason) }
        var events: [DomainEvent] = [
            .operationCompleted(serial: unit.serial, operationNumber: operation.number, scrapReason: request.scrapReason, at: time)
        ]
        // The machine returns to Idle unless it was interrupted (held, aborted) meanwhile.
        if let machine = operation.equipmentId, state.equipment[machine]?.state == .execute {
            events.append(.equipmentStateChanged(equipmentId: machine, state: .idle, at: time))
        }
        if operation.kind == .reinspection, request.scrapReason == nil, let reportId = operation.nonConformanceId {
            // Only an inspection made during this re-inspection counts, of the plan that failed
            // (any plan when the NCR was raised by hand).
            let planId = state.nonConformances[reportId]?.inspectionId.flatMap { state.inspections[$0]?.planId }
            let started = operation.startedAt ?? time
            let passed = state.inspections.values.contains {
                $0.serial == unit.serial && (planId == nil || $0.planId == planId) && $0.createdAt >= started && $0.status == .passed
            }
            try require(passed, .precondition("re-inspection \(operation.number) of \(unit.serial) needs a passed inspection of \(planId ?? "the part") made since it started"))
        }
        let remaining = unit.operations.filter { $0.number != operation.number && $0.status != .completed }
        let finished: SerialUnit.Status? = request.scrapReason != nil ? .scrapped : (remaining.isEmpty && !unit.isOnHold) ? .completed : nil
        if let finished {
            events.append(.serialStatusChanged(serial: unit.serial, status: finished))
            let othersDone = order.serials.allSatisfy { $0 == unit.serial || state.serials[$0]?.status != .inProcess }
            if othersDone && (order.status == .inProgress || order.status == .onHold) {
                events += releaseAllocations(of: order.id)
                events.append(.workOrderStatusChanged(id: order.id, status: .completed, reason: nil, at: time))
            }
        }
        return events
    }

    /// Gives back whatever stock is still allocated to the order.
    func releaseAllocations(of orderId: String) -> [DomainEvent] {
        state.allocations.filter { $0.workOrderId == orderId }.map { .materialDeallocated($0) }
    }

    /// The part revision a work order is for: the one named, or the highest one defined.
    func resolvePart(_ partNumber: String, revision: String?) throws(MESError) -> Part {
        if let revision {
            guard let part = state.parts[Part.key(partNumber, revision)] else { throw .notFound(entity: "part", id: Part.key(partNumber, revision)) }
            return part
        }
        guard let part = state.parts.values.filter({ $0.partNumber == partNumber })
            .max(by: { lhs, rhs in
                // Numeric order ("10" after "9"); revisions that compare equal numerically ("1", "01") by their text, so the pick never depends on hashing.
                let order = lhs.revision.compare(rhs.revision, options: .numeric)
                return order == .orderedAscending || (order == .orderedSame && lhs.revision < rhs.revision)
            })
        else {
            throw .notFound(entity: "part", id: partNumber)
        }
        return part
    }

    /// A calendar date `yyyy-MM-dd` (proleptic Gregorian), checked by hand: a DateFormatter per
    /// command cost more than the rest of creating a work order.
    func checkDate(_ field: String, _ text: String) throws(MESError) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            year >= 1, (1...12).contains(month)
        else {
            throw .validation(field: field, message: "must be a date yyyy-MM-dd, got '\(text)'")
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { throw .validation(field: field, message: "must be a date yyyy-MM-dd, got '\(text)'") }
    }
}
