import Foundation
import MESCore

/// Writes a report folder: `index.html`, `kpis.json`, `summary.md` and the CSV tables; returns the summary.
/// Used by `mes simulate`, `mes report` and the end of a training session (`mes train`).
public enum ReportFiles {
    @discardableResult
    public static func write(_ input: ReportInput, to directory: URL) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(HTMLReport.render(input).utf8).write(to: directory.appendingPathComponent("index.html"), options: .atomic)
        try input.document.json().write(to: directory.appendingPathComponent("kpis.json"), options: .atomic)
        let summary = SummaryMarkdown.render(input.document, description: input.description)
        try Data(summary.utf8).write(to: directory.appendingPathComponent("summary.md"), options: .atomic)
        for (name, contents) in CSVTables.tables(input) {
            try Data(contents.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
        }
        return summary
    }

    /// The KPI report of an MES record over `start..<end`, computed from its journal entries as
    /// `mes report` does (one run, no variants); `source` says where the record came from.
    public static func recordInput(entries: [JournalEntry], state: MESState, from start: Date, to end: Date, scenario: String, seed: UInt64,
                                   dispatching: String, description: String?, source: String) -> ReportInput {
        var analysis = MESRecordAnalysis(from: start, to: end)
        for entry in entries { analysis.read(entry.events, at: entry.time) }
        let (kpis, runDetail) = analysis.finishWithDetail()
        let hours = end.timeIntervalSince(start) / 3_600
        let document = KPIDocument(
            scenario: scenario, seed: seed, replications: 1, horizonHours: hours, warmupHours: 0,
            dispatching: dispatching, plant: PlantKPIs([kpis]), machines: MachineKPIs.of([kpis]), workCenters: WorkCenterKPIs.of([kpis]),
            variants: [])
        return ReportInput(document: document, description: description, base: .init(name: "base", runs: [kpis], details: [runDetail]),
                           variants: [], specifications: ReportInput.specifications(of: state.inspectionPlans.values), source: source)
    }
}
