import Foundation

extension MESCore.Context {
    /// AS9102 §4.6: production lapse after which a new full FAI is due.
    static let productionLapse: TimeInterval = 2 * 365.25 * 86_400

    /// What releasing an order of `part` means for its first article: a requirement raised by a
    /// first run or a lapse, or a refusal while a pending FAI's run is still in production.
    /// A part revision comes under first-article control with its first inspection plan: an FAI
    /// is a record of measured characteristics, and a part without any has none to measure.
    func firstArticleOnRelease(of order: WorkOrder, part: Part) throws(MESError) -> [DomainEvent] {
        guard !characteristics(of: part).isEmpty else { return [] }
        let status = state.firstArticles[part.key] ?? FirstArticleStatus()
        if let pending = status.pending {
            // The run that carries the FAI is the order released since it was required; no other
            // order of the part is released until the FAI is signed, even once that run completes,
            // unless it finished with no serial that could stand as the first article (all scrapped
            // or none measured conforming): then the FAI moves to the next run, as for a cancelled one.
            let run = state.workOrders.values.filter {
                $0.id != order.id && $0.partNumber == part.partNumber && $0.revision == part.revision && $0.status != .cancelled
                    && ($0.releasedAt.map { $0 >= pending.since } ?? false)
            }.min { $0.id < $1.id }
            if let run {
                let finished = run.status == .completed || run.status == .closed
                let candidate = run.serials.contains { serial in
                    state.serials[serial]?.status == .completed && missingFirstArticleResults(on: serial, for: pending, of: part).isEmpty
                }
                if !finished || candidate {
                    throw .precondition("first article of \(part.partNumber) rev \(part.revision) is pending on \(run.id): sign it before releasing more orders")
                }
            }
        }
        if status.reports.isEmpty && status.pending == nil {
            return [.firstArticleRequired(partKey: part.key, requirement: FirstArticleRequirement(scope: .full, reason: "first production run", characteristicIds: [], since: time))]
        }
        if status.pending?.scope != .full, let last = lastProduction(of: part), time.timeIntervalSince(last) > Self.productionLapse {
            return [.firstArticleRequired(partKey: part.key, requirement: FirstArticleRequirement(
                scope: .full, reason: "production lapse of more than two years since \(last.iso8601)", characteristicIds: [], since: time))]
        }
        if let pending = status.pending {
            // A requirement whose run was cancelled moves to this order.
            return [.firstArticleRequired(partKey: part.key, requirement: FirstArticleRequirement(
                scope: pending.scope, reason: pending.reason, characteristicIds: pending.characteristicIds, since: time))]
        }
        return []
    }

    /// The last completion of any operation on a serial of `part`.
    func lastProduction(of part: Part) -> Date? { state.lastProductionByPart[part.key] }

    func recordProcessChange(_ partNumber: String, _ revision: String, _ change: ProcessChange) throws(MESError) -> [DomainEvent] {
        guard let part = state.parts[Part.key(partNumber, revision)] else { throw .notFound(entity: "part", id: Part.key(partNumber, revision)) }
        try requireQualityRole([.qualityEngineer])
        try nonEmpty("change.description", change.description)
        try require(!change.affectedCharacteristics.isEmpty, .validation(field: "change.affectedCharacteristics", message: "name the characteristics the change affects"))
        let known = Set(characteristics(of: part).map(\.id))
        for id in change.affectedCharacteristics where !known.contains(id) { throw .notFound(entity: "characteristic", id: "\(part.key)/\(id)") }
        let status = state.firstArticles[part.key] ?? FirstArticleStatus()
        try require(!status.reports.isEmpty, .precondition("\(part.key) has no first article yet; its first run needs a full FAI anyway"))
        if let pending = status.pending, pending.scope == .full { return [] }
        let affected = Array(Set((status.pending?.characteristicIds ?? []) + change.affectedCharacteristics)).sorted()
        return [.firstArticleRequired(partKey: part.key, requirement: FirstArticleRequirement(
            scope: .partial, reason: "\(change.kind.rawValue) change: \(change.description)", characteristicIds: affected, since: time))]
    }

    func completeFirstArticle(_ partNumber: String, _ revision: String, serial serialNumber: String, signature: ElectronicSignature) throws(MESError) -> [DomainEvent] {
        guard let part = state.parts[Part.key(partNumber, revision)] else { throw .notFound(entity: "part", id: Part.key(partNumber, revision)) }
        guard let pending = state.firstArticles[part.key]?.pending else { throw .precondition("no first article is pending for \(part.key)") }
        let unit = try serial(serialNumber)
        try require(unit.partNumber == partNumber && unit.revision == revision, .validation(field: "serial", message: "\(serialNumber) is not a \(part.key)"))
        try require(unit.status != .scrapped, .precondition("serial '\(serialNumber)' is scrapped and cannot stand as the first article"))
        try requireQualityRole([.qualityEngineer])
        try checkSignature(signature, meaning: .approval)
        let required = pending.scope == .full ? characteristics(of: part).map(\.id) : pending.characteristicIds
        let missing = missingFirstArticleResults(on: serialNumber, for: pending, of: part)
        try require(missing.isEmpty, .precondition("first article of \(part.key) on \(serialNumber) lacks conforming results for \(missing.joined(separator: ", "))"))
        let number = "FAI-\(part.partNumber)-\(part.revision)-\((state.firstArticles[part.key]?.reports.count ?? 0) + 1)"
        return [.firstArticleCompleted(partKey: part.key, report: FirstArticleReport(
            number: number, partNumber: partNumber, revision: revision, serial: serialNumber, scope: pending.scope, reason: pending.reason,
            characteristicIds: required, signature: signature))]
    }

    /// The characteristics the pending FAI needs that `serial` has no conforming result for,
    /// counting only what was measured since the FAI became due.
    func missingFirstArticleResults(on serial: String, for pending: FirstArticleRequirement, of part: Part) -> [String] {
        let required = pending.scope == .full ? characteristics(of: part).map(\.id) : pending.characteristicIds
        let measured = Set(state.inspections.values.filter { $0.serial == serial }.flatMap(\.results)
            .filter { $0.conforms && $0.recordedAt >= pending.since }.map(\.characteristicId))
        return required.filter { !measured.contains($0) }
    }

    func characteristics(of part: Part) -> [Characteristic] {
        state.inspectionPlans.values.filter { $0.partNumber == part.partNumber && $0.revision == part.revision }
            .sorted { ($0.operationNumber, $0.id) < ($1.operationNumber, $1.id) }.flatMap(\.characteristics)
    }

    /// Signs the certificate once nothing stands against it: no open NCR, no missing or failed
    /// inspection the sampling requires, no pending first article.
    func issueCertificate(_ orderId: String, signature: ElectronicSignature) throws(MESError) -> [DomainEvent] {
        let order = try workOrder(orderId)
        try require(order.status == .completed || order.status == .closed,
                    .illegalTransition(entity: "work order", id: orderId, from: order.status.rawValue, command: "certify"))
        try require(state.certificates[orderId] == nil, .duplicate(entity: "certificate of conformance", id: orderId))
        try requireQualityRole([.qualityEngineer])
        try checkSignature(signature, meaning: .approval)
        let units = order.serials.compactMap { state.serials[$0] }
        let delivered = units.filter { $0.status != .scrapped }
        // NCRs against the serials and against the lots that went into them.
        var subjects = Set(order.serials.map { EntityReference(.serial, $0) })
        for unit in delivered { for consumption in unit.consumptions { subjects.insert(EntityReference(.lot, consumption.lotCode)) } }
        let reports = state.nonConformances.values.filter { subjects.contains($0.subject) }.sorted { $0.id < $1.id }
        if let open = reports.first(where: { $0.status != .closed }) {
            throw .precondition("certificate refused: NCR \(open.id) on \(open.subject.id) is \(open.status.rawValue)")
        }
        let plans = state.inspectionPlans.values.filter { $0.partNumber == order.partNumber && $0.revision == order.revision }.sorted { $0.id < $1.id }
        var lines: [CertificateOfConformance.InspectionLine] = []
        for (position, unit) in delivered.enumerated() {
            for plan in plans where plan.sampling.selects(position: position, of: delivered.count) {
                let inspections = state.inspections.values.filter { $0.serial == unit.serial && $0.planId == plan.id }.sorted { $0.id < $1.id }
                // Each characteristic's latest result must exist and conform.
                for characteristic in plan.characteristics {
                    let latest = inspections.flatMap(\.results).filter { $0.characteristicId == characteristic.id }.max { $0.recordedAt < $1.recordedAt }
                    guard let latest, latest.conforms else {
                        let finding = latest == nil ? "not measured" : "nonconforming"
                        throw .precondition("certificate refused: \(characteristic.id) of \(unit.serial) (\(plan.id)) is \(finding)")
                    }
                }
                for inspection in inspections {
                    lines.append(.init(inspectionId: inspection.id, serial: unit.serial, planId: plan.id, status: inspection.status,
                                       characteristicsMeasured: inspection.results.count))
                }
            }
        }
        let key = Part.key(order.partNumber, order.revision)
        if let pending = state.firstArticles[key]?.pending {
            throw .precondition("certificate refused: the \(pending.scope.rawValue.lowercased()) first article of \(key) is pending (\(pending.reason))")
        }
        let good = units.filter { $0.status == .completed }.map(\.serial)
        let certificate = CertificateOfConformance(
            id: "CoC-\(orderId)", workOrderId: orderId, customerOrder: order.customerOrder, partNumber: order.partNumber, revision: order.revision,
            quantity: good.count, serials: good,
            statement: "We certify that the parts listed were manufactured, inspected and tested in accordance with the purchase order, "
                + "the applicable drawings and specifications, and conform in every respect to their requirements.",
            inspections: lines,
            nonConformances: reports.map { .init(id: $0.id, subject: $0.subject.id, description: $0.description, disposition: $0.disposition, status: $0.status) },
            signature: signature, issuedAt: time)
        return [.certificateIssued(certificate)]
    }
}
