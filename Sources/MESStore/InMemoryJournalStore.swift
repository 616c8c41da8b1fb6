import MESCore

/// The journal in memory, for fast simulation runs that need no file.
public final class InMemoryJournalStore: JournalStore {
    private var stored: [JournalEntry] = []
    private var audit: [EntityReference: [AuditRecord]] = [:]

    public init() {}

    public func append(_ entry: JournalEntry, changes: [EntityChange]) throws {
        guard entry.sequence == stored.count + 1 else {
            throw StoreError("journal entry \(entry.sequence) out of order: the next is \(stored.count + 1)")
        }
        stored.append(entry)
        for record in entry.audit { audit[record.entity, default: []].append(record) }
    }

    public func entries() throws -> [JournalEntry] { stored }

    public func auditTrail(of entity: EntityReference) throws -> [AuditRecord] { audit[entity] ?? [] }

    public func verify() throws -> AuditChain.Verdict { AuditChain.verify(stored) }
}
