import Foundation
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
