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
        engine = try MESEngine(store: SQLiteJournalStore(path: path))
        self.hub = hub
    }

    /// Carries out `command` for `actor` now; a refusal becomes its problem details.
    @discardableResult
    public func execute(_ command: Command, by actor: Actor, at time: Date = Date()) throws -> [DomainEvent] {
        do {
            let events = try engine.execute(command, by: actor, at: time)
            hub.publish(events, at: time)
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

    public var journalLength: Int { engine.journalLength }
    public var state: MESState { engine.state }
}

/// The entity a command just created, found among its events.
func recorded<T>(_ what: String, in events: [DomainEvent], _ pick: (DomainEvent) -> T?) throws -> T {
    guard let value = events.lazy.compactMap(pick).first else { throw APIError(.internalServerError, "the \(what) was not recorded") }
    return value
}
