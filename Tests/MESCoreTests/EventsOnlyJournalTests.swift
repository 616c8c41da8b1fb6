import Foundation
import GRDB
import MESCore
import MESSampleData
import MESStore
import Testing

@Suite("Events-only journals for simulated replications")
struct EventsOnlyJournalTests {
    @Test("the same commands give the same state and events; the journal is complete but unsealed")
    func sameRecord() throws {
        let audited = try MESEngine(store: InMemoryJournalStore())
        let lean = try MESEngine(store: InMemoryJournalStore(), detail: .eventsOnly)
        try StoreTests.drive(audited, commands: 300)
        try StoreTests.drive(lean, commands: 300)
        #expect(lean.state == audited.state)
        #expect(try lean.store.entries().map(\.events) == audited.store.entries().map(\.events))
        #expect(try lean.verifyAuditTrail() == .unsealed(entries: 301))
        #expect(try lean.store.entries().allSatisfy { $0.audit.isEmpty && !$0.isSealed })
        // Refusals are still journaled, as events.
        _ = mesError { try lean.execute(.deleteWorkOrder(id: "WO-2026-001001"), by: Fixture.operatorOne, at: Fixture.day(30)) }
        #expect(try lean.store.entries().last?.events.first.map { if case .commandRejected = $0 { true } else { false } } == true)
    }

    @Test("an events-only SQLite journal reopens only as events-only")
    func detailIsKept() throws {
        let database = TemporaryDatabase()
        do { try StoreTests.drive(try MESEngine(store: SQLiteJournalStore(path: database.path), detail: .eventsOnly), commands: 30) }
        #expect(throws: StoreError.self) { _ = try MESEngine(store: SQLiteJournalStore(path: database.path)) }
        let reopened = try MESEngine(store: SQLiteJournalStore(path: database.path), detail: .eventsOnly)
        #expect(reopened.journalLength == 31)
    }
}

@Suite("Events-only journals cannot hide tampering")
struct UnsealedTamperingTests {
    @Test("stripping the seals from an audited journal, or only its hashes, is detected")
    func strippedSeals() throws {
        let database = TemporaryDatabase()
        do { try StoreTests.drive(try MESEngine(store: SQLiteJournalStore(path: database.path)), commands: 20) }
        let store = try SQLiteJournalStore(path: database.path)
        let entries = try store.entries()
        try DatabaseQueue(path: database.path).write { db in
            try db.execute(sql: "DELETE FROM audit_log")
            try db.execute(sql: "DELETE FROM entities")
            for entry in entries {
                let forged = JournalEntry(unsealedSequence: entry.sequence, time: entry.time, actor: Fixture.operatorTwo, command: entry.command, events: entry.events)
                let text = String(decoding: try CanonicalJSON.encoder.encode(forged), as: UTF8.self)
                try db.execute(sql: "UPDATE journal SET entry = ?, previous_hash = '', hash = '', actor_id = ? WHERE sequence = ?",
                               arguments: [text, forged.actor.id, entry.sequence])
            }
        }
        #expect(try store.verify() == .broken(sequence: 1, reason: "the journal was started audited but its entries carry no seal"))
        #expect(throws: StoreError.self) { _ = try MESEngine(store: store, detail: .eventsOnly) }

        let sealed = entries[0]
        let hashOnlyRemoved = JournalEntry(sequence: sealed.sequence, time: sealed.time, actor: sealed.actor, command: sealed.command, events: sealed.events,
                                           audit: sealed.audit, previousHash: sealed.previousHash)
        var journal = [hashOnlyRemoved]
        // Re-encode with the hash blanked out.
        let text = String(decoding: try CanonicalJSON.encoder.encode(journal[0]), as: UTF8.self).replacingOccurrences(of: journal[0].hash, with: "")
        journal = [try CanonicalJSON.decoder.decode(JournalEntry.self, from: Data(text.utf8))]
        #expect(AuditChain.verify(journal) == .broken(sequence: 1, reason: "an entry with audit data but no seal"))
    }
}
