import ArgumentParser
import Foundation
import MESCore
import MESReports
import MESStore

/// Draws the report from a persisted MES database: the record of a `--db` simulation run now,
/// a production database later. The KPIs come from the same code as a simulated run's.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render the KPI report (index.html, summary.md, kpis.json, CSV) from an MES database.")

    @Option(help: "The MES database (SQLite).") var db: String
    @Option(help: "Start of the period, ISO 8601 (default: the run's window, or the first entry).") var from: String?
    @Option(help: "End of the period, ISO 8601 (default: the run's window, or the last entry).") var to: String?
    @Option(help: "Output directory (default reports/<database name>).") var out: String?

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("no database at \(db)") }
        let store = try SQLiteJournalStore(path: db)
        guard let detail = try store.recordedDetail() else { throw ValidationError("\(db) holds no MES journal") }
        let engine: MESEngine
        do {
            engine = try MESEngine(store: store, detail: detail)
        } catch {
            FileHandle.standardError.write(Data("error: \(db): \(error)\n".utf8))
            throw ExitCode.failure
        }
        let entries = try store.entries()
        guard let first = entries.first, let last = entries.last else { throw ValidationError("\(db) holds no journal entries") }
        let notes = try store.annotations()
        let start = try from.map { try Self.date($0, option: "--from") } ?? notes["fromSeconds"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) ?? first.time
        let end = try to.map { try Self.date($0, option: "--to") } ?? notes["toSeconds"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) ?? last.time
        guard start < end else { throw ValidationError("the period is empty: \(start) is not before \(end)") }

        let name = notes["scenario"] ?? URL(fileURLWithPath: db).deletingPathExtension().lastPathComponent
        let formatter = ISO8601DateFormatter()
        let source = "MES database \(db) (\(entries.count) journal entries, \(detail == .audited ? "audited, hash chain verified" : "events only")); "
            + "period \(formatter.string(from: start)) to \(formatter.string(from: end))"
            + (notes["replication"].map { ", replication \($0) of a simulated run" } ?? "") + "."
        let input = ReportFiles.recordInput(entries: entries, state: engine.state, from: start, to: end, scenario: name, seed: notes["seed"].flatMap(UInt64.init) ?? 0,
                                            dispatching: notes["dispatching"] ?? "as recorded", description: notes["description"], source: source)
        let directory = URL(fileURLWithPath: out ?? "reports/\(ReportFolder.name(for: name))", isDirectory: true)
        try ReportFiles.write(input, to: directory)
        print("report of \(db) written to \(directory.path) (index.html, summary.md, kpis.json, CSV tables)")
    }

    static func date(_ text: String, option: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions.insert(.withFractionalSeconds)
        if let date = formatter.date(from: text) { return date }
        throw ValidationError("\(option) expects an ISO 8601 date and time such as 2026-01-12T06:00:00Z, got '\(text)'")
    }
}
