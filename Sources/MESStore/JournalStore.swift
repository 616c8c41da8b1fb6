import MESCore

/// Where the MES journal lives. Appends are atomic per command: the entry, its audit records
/// and the read-model rows it changes land together or not at all. SQLite is the embedded
/// default; a PostgreSQL implementation can follow without touching the core.
public protocol JournalStore: AnyObject {
    /// Appends one command's record with the new values of the entities it changed.
    func append(_ entry: JournalEntry, changes: [EntityChange]) throws
    /// Every entry in sequence order, to rebuild the state.
    func entries() throws -> [JournalEntry]
    /// The audit records filed against `entity`, oldest first.
    func auditTrail(of entity: EntityReference) throws -> [AuditRecord]
    /// Checks the hash chain and that the stored audit records are the journal's.
    func verify() throws -> AuditChain.Verdict
}

/// An entity's new value for the read model; nil when the command deleted it.
public struct EntityChange: Sendable, Equatable {
    public let entity: EntityReference
    public let json: String?

    public init(entity: EntityReference, json: String?) {
        self.entity = entity
        self.json = json
    }
}

/// Why the store could not do what was asked, naming what it was working on.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
