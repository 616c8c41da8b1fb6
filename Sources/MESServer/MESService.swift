import Equipment
import Foundation
import MESCore
import MESStore

/// The MES engine behind the API: one engine, one writer, so every request's command is
/// decided and journaled in turn. Handlers only translate HTTP to commands and back.
public actor MESService {
    private let engine: MESEngine
    /// Where what the core recorded goes live (event streams, webhooks).
    public let hub: EventHub

    /// Opens (and verifies) the MES journal in SQLite at `path`.
    public init(databasePath path: String, hub: EventHub = EventHub()) throws {
        try self.init(databasePath: path, hub: hub) { _ in WallClock() }
    }

    /// Opens the journal as above, with the clock `makeClock` builds on the engine: a training
    /// run's simulated plant, which books its own work on this same engine in this actor.
    public init(databasePath path: String, hub: EventHub = EventHub(), clock makeClock: @Sendable (MESEngine) throws -> any MESClock) throws {
        engine = try MESEngine(store: SQLiteJournalStore(path: path))
        self.hub = hub
        // Everything the engine records goes live: API commands, equipment reports, and in
        // training the simulated people's commands.
        engine.onExecuted = { events, time in hub.publish(events, at: time) }
        clock = try makeClock(engine)
        equipmentGateway = MESEquipmentGateway(engine: engine)
    }

    private let clock: any MESClock

    /// Runs `body` on the clock inside the service, between commands: how a trainer pauses,
    /// steps or paces the simulated clock.
    public func withClock<T: Sendable>(_ body: @Sendable (any MESClock) throws -> T) rethrows -> T { try body(clock) }

    /// Carries out `command` for `actor` now; a refusal becomes its problem details.
    @discardableResult
    public func execute(_ command: Command, by actor: Actor) throws -> [DomainEvent] {
        try execute(by: actor) { _ in command }
    }

    /// Carries out the command `make` builds for the time of its turn (a signed command carries
    /// that time in its signature). Commands are timed in their turn, not when their request
    /// arrived, and never before the newest journal entry (the journal only moves forward, even
    /// when the clock steps back).
    @discardableResult
    public func execute(by actor: Actor, _ make: (Date) -> Command) throws -> [DomainEvent] {
        let time = max(clock.commandTime(), engine.lastEntryTime ?? .distantPast)
        do {
            let events = try engine.execute(make(time), by: actor, at: time)
            clock.recorded(events, at: time)
            return events
        } catch let error as MESError {
            throw APIError.from(error)
        }
    }

    public func read<T: Sendable>(_ body: @Sendable (MESEngine) throws(MESError) -> T) throws -> T {
        do { return try body(engine) } catch { throw APIError.from(error) }
    }

    public func auditTrail(of entity: EntityReference, by actor: Actor) throws -> [AuditRecord] {
        do { return try engine.auditTrail(of: entity, by: actor) } catch let error as MESError { throw APIError.from(error) }
    }

    /// Records what real machines report (states, counts, alarms) under the gateway's
    /// service account; what it journals goes live like any other command's events.
    public func record(_ event: EquipmentEvent) {
        equipmentGateway.receive(event)
    }

    /// Which machines' own counts go into the record (see `MESEquipmentGateway.journaledCounts`).
    public func recordCounts(of machines: [String: Double?]) {
        equipmentGateway.journaledCounts.merge(machines) { _, new in new }
    }

    /// The live machine picture: counters, latest process values, active alarms, refusals; of
    /// the machines reporting to the service and, in a training run, of the twin's simulated ones.
    public var equipmentPicture: MachinePicture {
        let reported = equipmentGateway.picture
        return clock.machinePicture.map { reported.merging($0) } ?? reported
    }

    private let equipmentGateway: MESEquipmentGateway

    public var journalLength: Int { engine.journalLength }
    /// The time on the MES's clock (simulated in a training run), never before the newest journal entry:
    /// what lockouts and overdue maintenance are judged at.
    public var now: Date { max(clock.commandTime(), engine.lastEntryTime ?? .distantPast) }
    public var state: MESState { engine.state }
}

/// The entity a command just created, found among its events.
func recorded<T>(_ what: String, in events: [DomainEvent], _ pick: (DomainEvent) -> T?) throws -> T {
    guard let value = events.lazy.compactMap(pick).first else { throw APIError(.internalServerError, "the \(what) was not recorded") }
    return value
}
