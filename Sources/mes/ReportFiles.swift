import Foundation
import MESReports
import PlantFiles

/// Writes a report folder: `index.html`, the CSV tables (and, by the callers, `kpis.json` and `summary.md`).
enum ReportFiles {
    static func write(_ input: ReportInput, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(HTMLReport.render(input).utf8).write(to: directory.appendingPathComponent("index.html"), options: .atomic)
        for (name, contents) in CSVTables.tables(input) {
            try Data(contents.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
        }
    }

    /// Specification limits of every characteristic, keyed "plan/characteristic".
    static func specifications(of plant: PlantDescription) -> [String: (lower: Double?, upper: Double?, unit: String)] {
        var limits: [String: (lower: Double?, upper: Double?, unit: String)] = [:]
        for plan in plant.inspectionPlans {
            for characteristic in plan.characteristics { limits["\(plan.id)/\(characteristic.id)"] = (characteristic.lowerLimit, characteristic.upperLimit, characteristic.unit) }
        }
        return limits
    }
}
