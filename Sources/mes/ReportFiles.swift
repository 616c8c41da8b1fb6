import Foundation
import MESReports

/// Writes a report folder: `index.html`, `kpis.json`, `summary.md` and the CSV tables; returns the summary.
enum ReportFiles {
    @discardableResult
    static func write(_ input: ReportInput, to directory: URL) throws -> String {
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
}
