import Foundation
import GRDB
import MESCore

/// The journal and its read models in one SQLite file (WAL mode), through GRDB.
///
/// Tables: `journal` (one row per command: the whole entry as canonical JSON, with its hash
/// chain), `audit_log` (the entries' audit records, indexed by entity for audit-trail
/// queries), `entities` (each entity's current value, for reports and ad-hoc SQL) and `meta`
/// (the journal's detail). An events-only journal fills only `journal` and `meta`.
public final class SQLiteJournalStore: JournalStore {
    /// How hard a commit is pushed to disk.
    public enum Durability: String, Sendable {
        /// `synchronous = FULL`: every commit is fsynced; survives power loss.
        case full
        /// `synchronous = NORMAL`: WAL commits survive a crash of the process but not of the
        /// machine; several times faster.
        case normal
    }

    public let path: String
    private let database: DatabasePool

    public init(path: String, durability: Durability = .full) throws {
        self.path = path
        var configuration = Configuration()
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw StoreError("cannot open MES database \(path): \(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: journal, audit log, entities") { db in
            try db.execute(sql: """
                CREATE TABLE journal (
                    sequence INTEGER PRIMARY KEY,
                    time REAL NOT NULL,
                    actor_id TEXT NOT NULL,
                    command TEXT NOT NULL,
                    entry TEXT NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sequence INTEGER NOT NULL REFERENCES journal(sequence),
                    entity_kind TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    actor_id TEXT NOT NULL,
                    actor_name TEXT NOT NULL,
                    time REAL NOT NULL,
                    command TEXT NOT NULL,
                    before TEXT,
                    after TEXT,
                    reason TEXT,
                    record TEXT NOT NULL
                );
                CREATE INDEX audit_log_entity ON audit_log(entity_kind, entity_id);
                CREATE TABLE entities (
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    json TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    PRIMARY KEY (kind, id)
                );
                """)
        }
        migrator.registerMigration("v2: journal detail") { db in
            // Which detail the journal was started with, so a sealed journal cannot pass for an
            // events-only one by having its seals stripped.
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        }
        return migrator
    }

    /// The detail the journal was started with; nil for an empty journal.
    public func recordedDetail() throws -> MESCore.JournalDetail? {
        let value = try database.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'detail'") }
        switch value {
        case "audited": return .audited
        case "eventsOnly": return .eventsOnly
        default: return nil
        }
    }

    /// Notes about the journal that are not part of it (not hash-chained): a simulated run
    /// records its scenario and observation window here so a report can be drawn the same way.
    public func annotate(_ key: String, _ value: String) throws {
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: ["note." + key, value])
        }
    }

    /// The notes written by `annotate`.
    public func annotations() throws -> [String: String] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key LIKE 'note.%'")
            return Dictionary(rows.map { (String(($0["key"] as String).dropFirst(5)), $0["value"] as String) }, uniquingKeysWith: { _, last in last })
        }
    }

    public func append(_ entry: JournalEntry, changes: [EntityChange]) throws {
        let json = CanonicalJSON.string(entry)
        try database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('detail', ?)", arguments: [entry.isSealed ? "audited" : "eventsOnly"])
            try db.execute(
                sql: "INSERT INTO journal (sequence, time, actor_id, command, entry, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [entry.sequence, entry.time.timeIntervalSince1970, entry.actor.id, entry.command.name, json, entry.previousHash, entry.hash])
            for record in entry.audit {
                try db.execute(
                    sql: """
                        INSERT INTO audit_log (sequence, entity_kind, entity_id, action, actor_id, actor_name, time, command, before, after, reason, record)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [entry.sequence, record.entity.kind.rawValue, record.entity.id, record.action.rawValue, record.actorId, record.actorName,
                                record.time.timeIntervalSince1970, record.command, record.before, record.after, record.reason, Self.canonical(record)])
            }
            for change in changes {
                if let value = change.json {
                    try db.execute(
                        sql: "INSERT INTO entities (kind, id, json, sequence) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET json = excluded.json, sequence = excluded.sequence",
                        arguments: [change.entity.kind.rawValue, change.entity.id, value, entry.sequence])
                } else {
                    try db.execute(sql: "DELETE FROM entities WHERE kind = ? AND id = ?", arguments: [change.entity.kind.rawValue, change.entity.id])
                }
            }
        }
    }

    public func entries() throws -> [JournalEntry] {
        let rows = try database.read { db in try Row.fetchAll(db, sql: "SELECT sequence, entry FROM journal ORDER BY sequence") }
        let decoder = CanonicalJSON.decoder
        return try rows.map { row in
            let sequence: Int = row["sequence"]
            let text: String = row["entry"]
            do {
                return try decoder.decode(JournalEntry.self, from: Data(text.utf8))
            } catch {
                throw StoreError("journal entry \(sequence) in \(path) cannot be read: \(error)")
            }
        }
    }

    public func auditTrail(of entity: EntityReference) throws -> [AuditRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE entity_kind = ? AND entity_id = ? ORDER BY id",
                             arguments: [entity.kind.rawValue, entity.id]).map(Self.auditRecord)
        }
    }

    /// Checks, in order: each journal row's stored text is the canonical encoding of its entry
    /// and its columns say the same; the hash chain; every `audit_log` row against the journal's
    /// audit records, column by column; and the `entities` read model against the values the
    /// journal's audit records leave. Truncating the tail of the journal leaves a valid shorter
    /// chain: compare `head()` with a copy kept elsewhere to catch that.
    public func verify() throws -> AuditChain.Verdict {
        let rows = try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY sequence") }
        var journal: [JournalEntry] = []
        let decoder = CanonicalJSON.decoder, encoder = CanonicalJSON.encoder
        for row in rows {
            let sequence: Int = row["sequence"]
            let text: String = row["entry"]
            guard let entry = try? decoder.decode(JournalEntry.self, from: Data(text.utf8)) else {
                return .broken(sequence: sequence, reason: "entry cannot be read")
            }
            guard let canonical = try? encoder.encode(entry), String(decoding: canonical, as: UTF8.self) == text else {
                return .broken(sequence: sequence, reason: "stored text is not the canonical form of its entry")
            }
            guard entry.sequence == sequence, (row["previous_hash"] as String?) == entry.previousHash, (row["hash"] as String?) == entry.hash,
                (row["actor_id"] as String?) == entry.actor.id, (row["command"] as String?) == entry.command.name,
                (row["time"] as Double?) == entry.time.timeIntervalSince1970
            else { return .broken(sequence: sequence, reason: "journal row's columns differ from its entry") }
            journal.append(entry)
        }
        let chain = AuditChain.verify(journal)
        let detail = try recordedDetail()
        if case .unsealed = chain {
            guard detail == .eventsOnly else { return .broken(sequence: 1, reason: "the journal was started audited but its entries carry no seal") }
            // An events-only journal keeps no audit log and no read model.
            let rows = try database.read { db in
                try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM entities)") ?? 0
            }
            return rows == 0 ? chain : .broken(sequence: 1, reason: "an events-only journal with audit or read-model rows")
        }
        guard case .intact = chain else { return chain }
        if !journal.isEmpty && detail != .audited { return .broken(sequence: 1, reason: "sealed entries in a journal not started audited") }
        let stored = try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id") }
        let expected = journal.flatMap { entry in entry.audit.map { (entry.sequence, $0) } }
        for (index, row) in stored.enumerated() {
            let sequence: Int = row["sequence"]
            guard index < expected.count, expected[index].0 == sequence, Self.row(row, matches: expected[index].1) else {
                return .broken(sequence: sequence, reason: "audit_log row \(index + 1) differs from the journal's audit record")
            }
        }
        if stored.count != expected.count {
            return .broken(sequence: expected[stored.count].0, reason: "audit_log is missing records of the journal")
        }
        var values: [EntityReference: (json: String, sequence: Int)] = [:]
        for (sequence, record) in expected where record.action != .refused { values[record.entity] = record.after.map { ($0, sequence) } }
        let entityRows = try database.read { db in try Row.fetchAll(db, sql: "SELECT kind, id, json, sequence FROM entities") }
        var seen = 0
        for row in entityRows {
            guard let kind = EntityReference.Kind(rawValue: row["kind"]), let value = values[EntityReference(kind, row["id"])],
                value.json == (row["json"] as String?), value.sequence == (row["sequence"] as Int?)
            else { return .broken(sequence: row["sequence"], reason: "entities row \(row["kind"] as String? ?? "?") \(row["id"] as String? ?? "?") differs from the journal") }
            seen += 1
        }
        if seen != values.count { return .broken(sequence: journal.last?.sequence ?? 0, reason: "entities is missing rows the journal implies") }
        return chain
    }

    /// Length and last hash of the journal: keep a copy elsewhere (a printout, another system)
    /// to detect a truncated tail, which no internal check can.
    public func head() throws -> (entries: Int, hash: String) {
        try database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM journal ORDER BY sequence DESC LIMIT 1")
            return (row?["sequence"] ?? 0, row?["hash"] ?? JournalEntry.genesisHash)
        }
    }

    static func canonical(_ record: AuditRecord) -> String { CanonicalJSON.string(record) }

    static func auditRecord(_ row: Row) throws -> AuditRecord {
        let text: String = row["record"]
        do {
            return try CanonicalJSON.decoder.decode(AuditRecord.self, from: Data(text.utf8))
        } catch {
            throw StoreError("audit_log row \(row["id"] as Int? ?? -1) cannot be read: \(error)")
        }
    }

    /// Whether the row's query columns and its record say the same as the journal's `record`.
    static func row(_ row: Row, matches record: AuditRecord) -> Bool {
        (row["record"] as String?) == canonical(record) && (row["entity_kind"] as String?) == record.entity.kind.rawValue
            && (row["entity_id"] as String?) == record.entity.id && (row["action"] as String?) == record.action.rawValue
            && (row["actor_id"] as String?) == record.actorId && (row["actor_name"] as String?) == record.actorName
            && (row["time"] as Double?) == record.time.timeIntervalSince1970 && (row["command"] as String?) == record.command
            && (row["before"] as String?) == record.before && (row["after"] as String?) == record.after
            && (row["reason"] as String?) == record.reason
    }
}
