import Foundation
import GRDB
import MESCore
import MESSampleData
import MESStore
import Testing

/// A fresh database file in the temporary directory, removed (with its WAL files) afterwards.
final class TemporaryDatabase {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-\(UUID().uuidString).sqlite").path
    }
    deinit {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

@Suite("Journal store: SQLite, reopening, audit chain")
struct StoreTests {
    /// Runs `count` commands of the sample workload through an engine on `store`.
    static func drive(_ engine: MESEngine, commands count: Int) throws {
        var workload = SampleWorkload(start: Fixture.start)
        if engine.journalLength == 0 {
            let (command, actor) = workload.setup()
            try engine.execute(command, by: actor, at: workload.time)
        }
        for _ in 0..<count {
            let (command, actor, time) = workload.next(in: engine.state)
            try engine.execute(command, by: actor, at: time)
        }
    }

    @Test("reopening the file restores the identical state, journal and audit trail")
    func reopen() throws {
        let database = TemporaryDatabase()
        let expected: MESState
        do {
            let engine = try MESEngine(store: SQLiteJournalStore(path: database.path))
            try Self.drive(engine, commands: 300)
            // A refusal is part of the record too.
            _ = mesError { try engine.execute(.deleteWorkOrder(id: "WO-2026-001001"), by: Fixture.operatorOne, at: Fixture.day(9)) }
            expected = engine.state
        }
        let reopened = try MESEngine(store: SQLiteJournalStore(path: database.path))
        #expect(reopened.state == expected)
        #expect(reopened.journalLength == 302)
        #expect(try reopened.verifyAuditTrail() == .intact(entries: 302))
        let trail = try reopened.auditTrail(of: EntityReference(.workOrder, "WO-2026-001001"), by: Fixture.admin)
        #expect(trail.first?.action == .created && trail.last?.action == .refused)
        // The read model holds each entity's current value.
        let rows = try DatabaseQueue(path: database.path).read { db in try Row.fetchAll(db, sql: "SELECT kind, id, json FROM entities") }
        #expect(rows.count > 50)
        for row in rows {
            let entity = EntityReference(EntityReference.Kind(rawValue: row["kind"])!, row["id"])
            #expect(expected.snapshot(of: entity) == row["json"], "read model of \(entity) differs from the state")
        }
    }

    @Test("tampering with one stored audit record, or with a journal entry, is detected by verification")
    func tampering() throws {
        let database = TemporaryDatabase()
        do {
            let engine = try MESEngine(store: SQLiteJournalStore(path: database.path))
            try Self.drive(engine, commands: 40)
            #expect(try engine.verifyAuditTrail() == .intact(entries: 41))
        }
        let raw = try DatabaseQueue(path: database.path)
        // Someone edits who did it in the queryable audit log.
        let (id, sequence): (Int, Int) = try raw.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT id, sequence FROM audit_log WHERE command = 'start operation' ORDER BY id LIMIT 1")!
            return (row["id"], row["sequence"])
        }
        try raw.write { db in try db.execute(sql: "UPDATE audit_log SET actor_id = 'someone-else' WHERE id = ?", arguments: [id]) }
        let store = try SQLiteJournalStore(path: database.path)
        #expect(try store.verify() == .broken(sequence: sequence, reason: "audit_log row \(id) differs from the journal's audit record"))
        try raw.write { db in try db.execute(sql: "UPDATE audit_log SET actor_id = 'op-1' WHERE id = ?", arguments: [id]) }
        #expect(try store.verify() == .intact(entries: 41))

        // Someone rewrites an entry's recorded audit values in the journal itself.
        try raw.write { db in
            let entry: String = try String.fetchOne(db, sql: "SELECT entry FROM journal WHERE sequence = 10")!
            let forged = entry.replacingOccurrences(of: "Olu Operator", with: "Forged Name")
            #expect(forged != entry)
            try db.execute(sql: "UPDATE journal SET entry = ? WHERE sequence = 10", arguments: [forged])
        }
        #expect(try store.verify() == .broken(sequence: 10, reason: "content does not match its hash"))
    }

    @Test("a deleted journal entry breaks the chain")
    func deletion() throws {
        let database = TemporaryDatabase()
        do { try Self.drive(try MESEngine(store: SQLiteJournalStore(path: database.path)), commands: 20) }
        try DatabaseQueue(path: database.path).write { db in
            try db.execute(sql: "DELETE FROM audit_log WHERE sequence = 5")
            try db.execute(sql: "DELETE FROM journal WHERE sequence = 5")
        }
        #expect(try SQLiteJournalStore(path: database.path).verify() == .broken(sequence: 6, reason: "expected sequence 5"))
    }

    @Test("an unreadable or foreign file is a clear error naming the file")
    func badFile() throws {
        let database = TemporaryDatabase()
        try Data("this is not a database".utf8).write(to: URL(fileURLWithPath: database.path))
        do {
            _ = try SQLiteJournalStore(path: database.path)
            Issue.record("opened a file that is not a database")
        } catch let error as StoreError {
            #expect(error.description.hasPrefix("cannot open MES database \(database.path)"))
        }
    }

    @Test("the in-memory store keeps the same chain as SQLite")
    func inMemoryChain() throws {
        let memory = try MESEngine(store: InMemoryJournalStore())
        let sqlite = TemporaryDatabase()
        let file = try MESEngine(store: SQLiteJournalStore(path: sqlite.path, durability: .normal))
        try Self.drive(memory, commands: 60)
        try Self.drive(file, commands: 60)
        #expect(memory.state == file.state)
        #expect(try memory.store.entries().last?.hash == file.store.entries().last?.hash)
        #expect(try memory.verifyAuditTrail() == .intact(entries: 61))
    }
}

/// A journal that refuses appends after a number of them, like a full disk.
final class FailingJournalStore: JournalStore {
    let inner = InMemoryJournalStore()
    var appendsLeft: Int
    init(appendsLeft: Int) { self.appendsLeft = appendsLeft }
    func append(_ entry: JournalEntry, changes: [EntityChange]) throws {
        guard appendsLeft > 0 else { throw StoreError("disk full") }
        appendsLeft -= 1
        try inner.append(entry, changes: changes)
    }
    func entries() throws -> [JournalEntry] { try inner.entries() }
    func auditTrail(of entity: EntityReference) throws -> [AuditRecord] { try inner.auditTrail(of: entity) }
    func verify() throws -> AuditChain.Verdict { try inner.verify() }
}

@Suite("Journal store failures")
struct StoreFailureTests {
    @Test("when the journal cannot take a command's entry, the state is rolled back and the engine goes on")
    func rollback() throws {
        let store = FailingJournalStore(appendsLeft: 200)
        let engine = try MESEngine(store: store)
        var workload = SampleWorkload(start: Fixture.start)
        let (setup, admin) = workload.setup()
        try engine.execute(setup, by: admin, at: workload.time)
        for _ in 0..<150 {
            let (command, actor, time) = workload.next(in: engine.state)
            try engine.execute(command, by: actor, at: time)
        }
        store.appendsLeft = 0
        let before = engine.state
        let (command, actor, time) = workload.next(in: engine.state)
        #expect(throws: StoreError.self) { try engine.execute(command, by: actor, at: time) }
        #expect(engine.state == before)
        #expect(engine.journalLength == 151)
        store.appendsLeft = 10
        try engine.execute(command, by: actor, at: time)
        #expect(engine.state != before && engine.journalLength == 152)
        #expect(try engine.verifyAuditTrail() == .intact(entries: 152))
    }
}
