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
        if status.pending != nil {
            let active = state.workOrders.values.contains {
                $0.id != order.id && $0.partNumber == part.partNumber && $0.revision == part.revision
                    && [.released, .inProgress, .onHold].contains($0.status)
            }
            try require(!active, .precondition("first article of \(part.partNumber) rev \(part.revision) is pending: complete it before releasing more orders"))
            return []
        }
        if status.reports.isEmpty {
            return [.firstArticleRequired(partKey: part.key, requirement: FirstArticleRequirement(scope: .full, reason: "first production run", characteristicIds: [], since: time))]
        }
        if let last = lastProduction(of: part), time.timeIntervalSince(last) > Self.productionLapse {
            return [.firstArticleRequired(partKey: part.key, requirement: FirstArticleRequirement(
                scope: .full, reason: "production lapse of more than two years since \(last.iso8601)", characteristicIds: [], since: time))]
        }
        return []
    }

    /// The last completion of any operation on a serial of `part`: derived from the serials, not stored twice.
    func lastProduction(of part: Part) -> Date? {
        state.serials.values.filter { $0.partNumber == part.partNumber && $0.revision == part.revision }
            .flatMap(\.operations).compactMap(\.completedAt).max()
    }

    func recordProcessChange(_ partNumber: String, _ revision: String, _ change: ProcessChange) throws(MESError) -> [DomainEvent] {
        guard let part = state.parts[Part.key(partNumber, revision)] else { throw .notFound(entity: "part", id: Part.key(partNumber, revision)) }
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
        try checkSignature(signature, meaning: .approval)
        let required = pending.scope == .full ? characteristics(of: part).map(\.id) : pending.characteristicIds
        let measured = Set(state.inspections.values.filter { $0.serial == serialNumber }.flatMap(\.results).filter(\.conforms).map(\.characteristicId))
        let missing = required.filter { !measured.contains($0) }
        try require(missing.isEmpty, .precondition("first article of \(part.key) on \(serialNumber) lacks conforming results for \(missing.joined(separator: ", "))"))
        let number = "FAI-\(part.partNumber)-\(part.revision)-\((state.firstArticles[part.key]?.reports.count ?? 0) + 1)"
        return [.firstArticleCompleted(partKey: part.key, report: FirstArticleReport(
            number: number, partNumber: partNumber, revision: revision, serial: serialNumber, scope: pending.scope, reason: pending.reason,
            characteristicIds: required, signature: signature))]
    }

    func characteristics(of part: Part) -> [Characteristic] {
        state.inspectionPlans.values.filter { $0.partNumber == part.partNumber && $0.revision == part.revision }
            .sorted { $0.operationNumber < $1.operationNumber }.flatMap(\.characteristics)
    }

    /// Signs the certificate once nothing stands against it: no open NCR, no missing or failed
    /// inspection the sampling requires, no pending first article.
    func issueCertificate(_ orderId: String, signature: ElectronicSignature) throws(MESError) -> [DomainEvent] {
        let order = try workOrder(orderId)
        try require(order.status == .completed || order.status == .closed,
                    .illegalTransition(entity: "work order", id: orderId, from: order.status.rawValue, command: "certify"))
        try require(state.certificates[orderId] == nil, .duplicate(entity: "certificate of conformance", id: orderId))
        try checkSignature(signature, meaning: .approval)
        let units = order.serials.compactMap { state.serials[$0] }
        let subjects = Set(order.serials.map { EntityReference(.serial, $0) })
        let reports = state.nonConformances.values.filter { subjects.contains($0.subject) }.sorted { $0.id < $1.id }
        if let open = reports.first(where: { $0.status != .closed }) {
            throw .precondition("certificate refused: NCR \(open.id) on \(open.subject.id) is \(open.status.rawValue)")
        }
        let plans = state.inspectionPlans.values.filter { $0.partNumber == order.partNumber && $0.revision == order.revision }.sorted { $0.id < $1.id }
        var lines: [CertificateOfConformance.InspectionLine] = []
        for (position, unit) in units.enumerated() where unit.status != .scrapped {
            for plan in plans where plan.sampling.selects(position: position, of: units.count) {
                let latest = state.inspections.values.filter { $0.serial == unit.serial && $0.planId == plan.id }.max { $0.id < $1.id }
                guard let latest, latest.status == .passed else {
                    throw .precondition("certificate refused: inspection \(plan.id) of \(unit.serial) is \(latest?.status.rawValue.lowercased() ?? "missing")")
                }
                for inspection in state.inspections.values.filter({ $0.serial == unit.serial && $0.planId == plan.id }).sorted(by: { $0.id < $1.id }) {
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
