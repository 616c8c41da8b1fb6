import Foundation

/// The functional core: decides what a command means against the current state. Pure and
/// deterministic — the caller supplies the actor and the time, and nothing here reads a clock,
/// a file or a random number.
public enum MESCore {
    /// Refuses `actor` unless one of its roles grants `action` on `resource`; queries call this
    /// with `.read`, commands through `decide`.
    public static func authorize(_ actor: Actor, _ action: AccessAction, on resource: ProtectedResource) throws(MESError) {
        guard PermissionMatrix.allows(actor.roles, action, on: resource) else { throw .forbidden(actor: actor.id, action: action, resource: resource) }
    }

    /// The events that carry out `command`, or the reason it is refused. Authorization by the
    /// §5.2 matrix comes first, so a refused actor learns nothing about the entities involved.
    public static func decide(_ command: Command, by actor: Actor, at time: Date, in state: MESState) throws(MESError) -> [DomainEvent] {
        guard time.timeIntervalSinceReferenceDate.isFinite else { throw .validation(field: "time", message: "the command's time is not a finite date") }
        for (action, resource) in command.requiredPermissions { try authorize(actor, action, on: resource) }
        let context = Context(state: state, actor: actor, time: time)
        switch command {
        case .loadMasterData(let data): return try context.loadMasterData(data)
        case .definePart(let part): return try context.definePart(part)
        case .defineMaterial(let material): return try context.defineMaterial(material)
        case .registerEquipment(let machine): return try context.registerEquipment(machine)
        case .registerTool(let tool): return try context.registerTool(tool)
        case .registerOperator(let person): return try context.registerOperator(person)
        case .createWorkOrder(let request): return try context.createWorkOrder(request)
        case .updateWorkOrder(let request): return try context.updateWorkOrder(request)
        case .deleteWorkOrder(let id): return try context.deleteWorkOrder(id)
        case .releaseWorkOrder(let id, let serials): return try context.releaseWorkOrder(id, serials: serials)
        case .holdWorkOrder(let id, let reason): return try context.holdWorkOrder(id, reason: reason)
        case .resumeWorkOrder(let id): return try context.resumeWorkOrder(id)
        case .cancelWorkOrder(let id, let reason): return try context.cancelWorkOrder(id, reason: reason)
        case .closeWorkOrder(let id, let signature): return try context.closeWorkOrder(id, signature: signature)
        case .startOperation(let request): return try context.startOperation(request)
        case .completeOperation(let request): return try context.completeOperation(request)
        case .receiveLot(let lot): return try context.receiveLot(lot)
        case .splitLot(let parent, let newLot, let quantity): return try context.splitLot(parent, into: newLot, quantity: quantity)
        case .allocateMaterial(let lot, let order, let quantity): return try context.allocate(lot, to: order, quantity: quantity)
        case .consumeMaterial(let lot, let serial, let quantity, let operation):
            return try context.consume(lot, into: serial, quantity: quantity, operation: operation)
        case .installComponent(let assembly, let component): return try context.install(component, into: assembly)
        case .approveSubstitution(let substitution): return try context.approve(substitution)
        case .quarantineLot(let lot, let reason): return try context.quarantine(lot, reason: reason)
        case .releaseLot(let lot): return try context.releaseFromQuarantine(lot)
        case .addLotCertificate(let lot, let certificate): return try context.addCertificate(certificate, to: lot)
        case .deleteLot(let lot): return try context.deleteLot(lot)
        case .setEquipmentState(let id, let newState): return try context.setEquipmentState(id, to: newState)
        case .recordMachineCounts(let id, let good, let bad, let ideal): return try context.recordMachineCounts(id, good: good, bad: bad, idealSecondsPerPart: ideal)
        case .scheduleMaintenance(let asset, let kind, let description): return try context.scheduleMaintenance(asset, kind: kind, description: description)
        case .startMaintenance(let id): return try context.startMaintenance(id)
        case .completeMaintenance(let id, let signature): return try context.completeMaintenance(id, signature: signature)
        case .certifyOperator(let id, let certification): return try context.certify(id, certification)
        case .deleteEquipment(let id): return try context.deleteEquipment(id)
        case .defineInspectionPlan(let plan): return try context.defineInspectionPlan(plan)
        case .createInspection(let serial, let plan): return try context.createInspection(serial: serial, planId: plan)
        case .updateInspection(let id, let inspector, let notes): return try context.updateInspection(id, inspectorId: inspector, notes: notes)
        case .deleteInspection(let id): return try context.deleteInspection(id)
        case .recordResults(let id, let measurements): return try context.recordResults(id, measurements)
        case .openNonConformance(let subject, let description): return try context.openNonConformance(subject, description: description)
        case .reviewNonConformance(let id, let signature): return try context.reviewNonConformance(id, signature: signature)
        case .dispositionNonConformance(let id, let disposition, let signature, let approval):
            return try context.disposition(id, disposition, signature: signature, customerApproval: approval)
        case .closeNonConformance(let id, let signature): return try context.closeNonConformance(id, signature: signature)
        case .recordProcessChange(let part, let revision, let change): return try context.recordProcessChange(part, revision, change)
        case .completeFirstArticle(let part, let revision, let serial, let signature):
            return try context.completeFirstArticle(part, revision, serial: serial, signature: signature)
        case .issueCertificate(let order, let signature): return try context.issueCertificate(order, signature: signature)
        }
    }

    /// What one command decided, with the audit records of the entities it changed and what
    /// it takes to undo it.
    public struct Outcome: Sendable {
        public let events: [DomainEvent]
        public let audit: [AuditRecord]
        public let undo: StateUndo
    }

    /// Decides `command` and applies its events to `state` in place; with `.audited` detail each
    /// changed entity gets an audit record with its value before and after. A refusal throws and
    /// leaves `state` untouched; `state.restore(outcome.undo)` takes an applied outcome back.
    public static func execute(
        _ command: Command, by actor: Actor, at time: Date, in state: inout MESState, detail: JournalDetail = .audited
    ) throws(MESError) -> Outcome {
        let events = try decide(command, by: actor, at: time, in: state)
        var entities: [EntityReference] = []
        var seen = Set<EntityReference>()
        for entity in events.flatMap(\.affectedEntities) where seen.insert(entity).inserted { entities.append(entity) }
        let undo = state.undo(for: entities)
        guard detail == .audited else {
            for event in events { state.apply(event) }
            return Outcome(events: events, audit: [], undo: undo)
        }
        let before = entities.map { state.snapshot(of: $0) }
        for event in events { state.apply(event) }
        var audit: [AuditRecord] = []
        for (entity, old) in zip(entities, before) {
            let new = state.snapshot(of: entity)
            guard old != new else { continue }
            let action: AuditRecord.Action = old == nil ? .created : new == nil ? .deleted : .modified
            audit.append(AuditRecord(entity: entity, action: action, actorId: actor.id, actorName: actor.name, time: time,
                                     command: command.name, before: old, after: new, reason: nil))
        }
        return Outcome(events: events, audit: audit, undo: undo)
    }

    /// How much a journal keeps of each command.
    public enum JournalDetail: Sendable, Equatable {
        /// Events, audit records with before/after values, and the SHA-256 hash chain: the
        /// tamper-evident record a plant keeps.
        case audited
        /// Events only, unsealed: the complete production record (every report and trace can be
        /// computed from it) at a fraction of the cost, for simulated replications.
        case eventsOnly
    }

    /// The journal's record of a refused command: no state change, one audit record naming the reason.
    public static func refusal(of command: Command, by actor: Actor, at time: Date, because error: MESError) -> (events: [DomainEvent], audit: [AuditRecord]) {
        let event = DomainEvent.commandRejected(command: command.name, reason: error.description, httpStatus: error.httpStatus)
        let record = AuditRecord(
            entity: command.target ?? EntityReference(.workOrder, "-"), action: .refused, actorId: actor.id, actorName: actor.name, time: time,
            command: command.name, before: nil, after: nil, reason: error.description)
        return ([event], [record])
    }

    /// The state and time a decision is made in, with the validation helpers every decision uses.
    struct Context {
        let state: MESState
        let actor: Actor
        let time: Date
    }
}

extension MESCore.Context {
    func require(_ condition: Bool, _ error: @autoclosure () -> MESError) throws(MESError) {
        if !condition { throw error() }
    }

    func nonEmpty(_ field: String, _ value: String) throws(MESError) {
        try require(!value.trimmingCharacters(in: .whitespaces).isEmpty, .validation(field: field, message: "must not be empty"))
    }

    func finiteDate(_ field: String, _ date: Date?) throws(MESError) {
        if let date { try require(date.timeIntervalSinceReferenceDate.isFinite, .validation(field: field, message: "is not a finite date")) }
    }

    /// A positive amount, and a sane one: sums of them (inventory levels) must stay finite.
    func positive(_ field: String, _ value: Double) throws(MESError) {
        try require(value.isFinite && value > 0, .validation(field: field, message: "must be a positive number, got \(value)"))
        try require(value <= Quantity.maximum, .validation(field: field, message: "must be at most \(Quantity.maximum), got \(value)"))
    }

    func nonNegative(_ field: String, _ value: Double) throws(MESError) {
        try require(value.isFinite && value >= 0, .validation(field: field, message: "must be zero or positive, got \(value)"))
    }

    /// E-signatures must be the acting person's own, made now.
    func checkSignature(_ signature: ElectronicSignature, meaning: ElectronicSignature.Meaning) throws(MESError) {
        try require(signature.signerId == actor.id, .validation(field: "signature.signerId", message: "must be the signing actor '\(actor.id)', got '\(signature.signerId)'"))
        try nonEmpty("signature.printedName", signature.printedName)
        try require(signature.time == time, .validation(field: "signature.time", message: "must be the time of the command"))
        try require(signature.meaning == meaning, .validation(field: "signature.meaning", message: "must be '\(meaning.rawValue)', got '\(signature.meaning.rawValue)'"))
    }

    /// The entity `id` of `dictionary`, or a 404 naming what was looked for.
    func existing<Value>(_ dictionary: [String: Value], _ entity: String, _ id: String) throws(MESError) -> Value {
        guard let value = dictionary[id] else { throw .notFound(entity: entity, id: id) }
        return value
    }

    func workOrder(_ id: String) throws(MESError) -> WorkOrder { try existing(state.workOrders, "work order", id) }
    func serial(_ id: String) throws(MESError) -> SerialUnit { try existing(state.serials, "serial", id) }
    func lot(_ code: String) throws(MESError) -> MaterialLot { try existing(state.lots, "material lot", code) }
    func machine(_ id: String) throws(MESError) -> Equipment { try existing(state.equipment, "equipment", id) }
    func person(_ id: String) throws(MESError) -> Operator { try existing(state.operators, "operator", id) }
    func inspection(_ id: String) throws(MESError) -> Inspection { try existing(state.inspections, "inspection", id) }
    func nonConformance(_ id: String) throws(MESError) -> NonConformance { try existing(state.nonConformances, "NCR", id) }

    /// `yyyy` of `time` in UTC, for ids like WO-2024-001001.
    var year: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.component(.year, from: time)
    }
}
