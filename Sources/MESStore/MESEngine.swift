import Foundation
import MESCore

/// The MES core wired to its journal: decides each command against the current state, appends
/// the outcome (or the refusal) to the store, and only then moves the state on. Queries check
/// the §5.2 read permission. One engine serves one thread; a server wraps it in an actor.
public final class MESEngine {
    public private(set) var state: MESState
    public let store: any JournalStore
    /// What the journal keeps of each command.
    public let detail: MESCore.JournalDetail
    private var lastHash: String
    private var nextSequence: Int
    /// Time of the last journal entry: commands may not go back before it.
    private var lastTime: Date?
    /// Hears what every command carried out recorded, whoever issued it (an API request, a
    /// machine's driver, a training run's simulated people): how a server puts it all live.
    public var onRecorded: ((_ events: [DomainEvent], _ time: Date) -> Void)?

    /// Opens the journal, verifies it (unless told not to) and rebuilds the state by applying
    /// every stored event in order. A journal that fails verification is not opened.
    public init(store: any JournalStore, detail: MESCore.JournalDetail = .audited, verify: Bool = true) throws {
        self.store = store
        self.detail = detail
        if verify, case .broken(let sequence, let reason) = try store.verify() {
            throw StoreError("the journal fails verification at entry \(sequence): \(reason)")
        }
        var state = MESState()
        let entries = try store.entries()
        if let last = entries.last, last.isSealed != (detail == .audited) {
            throw StoreError("the journal is \(last.isSealed ? "audited and sealed" : "events-only"); open it with that detail, not \(detail)")
        }
        for entry in entries {
            for event in entry.events { state.apply(event) }
        }
        self.state = state
        lastHash = entries.last?.hash ?? JournalEntry.genesisHash
        nextSequence = (entries.last?.sequence ?? 0) + 1
        lastTime = entries.last?.time
    }

    /// The time of the newest journal entry; a command may not be earlier.
    public var lastEntryTime: Date? { lastTime }

    /// Carries out `command` for `actor` at `time`. A refusal is journaled (and so audited) and
    /// rethrown as its `MESError`; a store failure is thrown as is and changes nothing.
    @discardableResult
    public func execute(_ command: Command, by actor: Actor, at time: Date) throws -> [DomainEvent] {
        if let lastTime, time < lastTime {
            throw MESError.validation(field: "time", message: "\(time) is before the last journal entry's time \(lastTime): the journal only moves forward")
        }
        let outcome: MESCore.Outcome
        do {
            outcome = try MESCore.execute(command, by: actor, at: time, in: &state, detail: detail)
        } catch {
            let refusal = MESCore.refusal(of: command, by: actor, at: time, because: error)
            try append(command, by: actor, at: time, events: refusal.events, audit: refusal.audit, changes: [])
            throw error
        }
        let changes = outcome.audit.map { EntityChange(entity: $0.entity, json: $0.after) }
        do {
            try append(command, by: actor, at: time, events: outcome.events, audit: outcome.audit, changes: changes)
        } catch {
            state.restore(outcome.undo)
            throw error
        }
        onRecorded?(outcome.events, time)
        return outcome.events
    }

    private func append(_ command: Command, by actor: Actor, at time: Date, events: [DomainEvent], audit: [AuditRecord], changes: [EntityChange]) throws {
        let entry = detail == .audited
            ? JournalEntry(sequence: nextSequence, time: time, actor: actor, command: command, events: events, audit: audit, previousHash: lastHash)
            : JournalEntry(unsealedSequence: nextSequence, time: time, actor: actor, command: command, events: events)
        try store.append(entry, changes: changes)
        lastHash = entry.hash
        nextSequence += 1
        lastTime = time
    }

    /// Number of journal entries (commands carried out or refused).
    public var journalLength: Int { nextSequence - 1 }

    // MARK: Queries (§4), each needing read permission

    public func workOrders(by actor: Actor) throws(MESError) -> [WorkOrder] {
        try MESCore.authorize(actor, .read, on: .workOrders)
        return state.workOrders.values.sorted { $0.id < $1.id }
    }

    public func workOrder(_ id: String, by actor: Actor) throws(MESError) -> WorkOrder {
        try MESCore.authorize(actor, .read, on: .workOrders)
        guard let order = state.workOrders[id] else { throw .notFound(entity: "work order", id: id) }
        return order
    }

    public func inventory(by actor: Actor) throws(MESError) -> [InventoryLevel] {
        try MESCore.authorize(actor, .read, on: .materials)
        return InventoryLevel.levels(in: state)
    }

    public func certifications(of lotCode: String, by actor: Actor) throws(MESError) -> [MaterialCertificate] {
        try MESCore.authorize(actor, .read, on: .materials)
        guard let lot = state.lots[lotCode] else { throw .notFound(entity: "material lot", id: lotCode) }
        return lot.certificates
    }

    public func equipment(_ id: String, by actor: Actor) throws(MESError) -> Equipment {
        try MESCore.authorize(actor, .read, on: .equipment)
        guard let machine = state.equipment[id] else { throw .notFound(entity: "equipment", id: id) }
        return machine
    }

    /// Equipment whose preventive maintenance falls due by `time` (overdue included), soonest
    /// first: what a maintenance planner turns into preventive maintenance orders.
    public func preventiveMaintenanceDue(by time: Date, actor: Actor) throws(MESError) -> [(equipment: String, due: Date)] {
        try MESCore.authorize(actor, .read, on: .equipment)
        let open = Set(state.maintenanceOrders.values.filter { $0.kind == .preventive && $0.status != .completed }.map(\.asset.id))
        return state.equipment.values.compactMap { machine in
            guard let due = machine.preventiveMaintenanceDue, due <= time, !open.contains(machine.id) else { return nil }
            return (machine.id, due)
        }.sorted { $0.due < $1.due || ($0.due == $1.due && $0.equipment < $1.equipment) }
    }

    /// Genealogy and trace queries; they read work orders and materials.
    public func traceability(by actor: Actor) throws(MESError) -> Traceability {
        try MESCore.authorize(actor, .read, on: .workOrders)
        try MESCore.authorize(actor, .read, on: .materials)
        return Traceability(state)
    }

    public func auditTrail(of entity: EntityReference, by actor: Actor) throws -> [AuditRecord] {
        try MESCore.authorize(actor, .read, on: .workOrders)
        return try store.auditTrail(of: entity)
    }

    /// Verifies the journal's hash chain and the stored audit records.
    public func verifyAuditTrail() throws -> AuditChain.Verdict { try store.verify() }
}

/// Stock of one material (§4.3 inventory).
public struct InventoryLevel: Codable, Sendable, Equatable {
    public let material: String
    public let unit: String
    /// In stock and usable, allocation included.
    public let available: Double
    public let allocated: Double
    public let quarantined: Double
    public let lots: [String]

    static func levels(in state: MESState) -> [InventoryLevel] {
        state.materials.values.sorted { $0.id < $1.id }.map { material in
            let lots = state.lots.values.filter { $0.material == material.id && $0.remaining > 0 }.sorted { $0.lotCode < $1.lotCode }
            return InventoryLevel(
                material: material.id, unit: material.unit,
                available: lots.filter { $0.status == .available }.reduce(0) { $0 + $1.remaining },
                allocated: lots.filter { $0.status == .available }.reduce(0) { $0 + $1.allocated },
                quarantined: lots.filter { $0.status == .quarantined }.reduce(0) { $0 + $1.remaining },
                lots: lots.map(\.lotCode))
        }
    }
}
