import Foundation
import GRDB
import MESCore
import MESStore
import Testing

@Suite("Durability: SIGKILL mid-stream")
struct DurabilityTests {
    /// The driver executable, built beside this test bundle.
    static var driver: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("StoreCrashDriver")
    }

    @Test("a process killed in the middle of a stream of commands reopens with every acknowledged command and no partial one",
          arguments: [SQLiteJournalStore.Durability.full, .normal])
    func killMidStream(_ durability: SQLiteJournalStore.Durability) throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.driver.path), "driver not built at \(Self.driver.path)")
        let database = TemporaryDatabase()
        let process = Process()
        process.executableURL = Self.driver
        process.arguments = [database.path, durability.rawValue]
        let output = Pipe()
        process.standardOutput = output
        try process.run()

        // Read acknowledgements until well into the stream, then kill without warning.
        var acknowledged = 0
        var buffer = Data()
        let handle = output.fileHandleForReading
        while acknowledged < 150 {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            let lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n")
            if let last = lines.last(where: { $0.hasPrefix("ack ") }), let number = Int(last.dropFirst(4)) { acknowledged = number }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        // Acknowledgements written just before the kill count too.
        buffer.append(handle.readDataToEndOfFile())
        let lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n")
        acknowledged = lines.compactMap { $0.hasPrefix("ack ") ? Int($0.dropFirst(4)) : nil }.max() ?? 0
        #expect(acknowledged >= 150)

        let store = try SQLiteJournalStore(path: database.path)
        let entries = try store.entries()
        #expect(entries.count >= acknowledged, "acknowledged \(acknowledged) but only \(entries.count) survived")
        #expect(try store.verify() == .intact(entries: entries.count))
        // No partial command: every entry's audit rows and read-model rows are there, and the
        // read model agrees with the state rebuilt from the journal.
        let engine = try MESEngine(store: store)
        let (auditRows, entityRows) = try DatabaseQueue(path: database.path).read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log")!, try Row.fetchAll(db, sql: "SELECT kind, id, json FROM entities"))
        }
        #expect(auditRows == entries.reduce(0) { $0 + $1.audit.count })
        for row in entityRows {
            let entity = EntityReference(EntityReference.Kind(rawValue: row["kind"])!, row["id"])
            #expect(engine.state.snapshot(of: entity) == row["json"], "read model of \(entity) differs from the journal's state")
        }
    }
}
