import Foundation

/// The report's tables as CSV (RFC 4180, comma-separated, a header row), for spreadsheets.
public enum CSVTables {
    /// File name → contents.
    public static func tables(_ input: ReportInput) -> [String: String] {
        var files: [String: String] = [:]
        let configurations = [input.base] + input.variants
        var plant = [["configuration", "kpi", "mean", "ci95_lower", "ci95_upper"]]
        for (name, kpis) in [("base", input.document.plant)] + input.document.variants.map({ ($0.name, $0.plant) }) {
            for (kpi, figure) in plantFigures(kpis) { plant.append([name, kpi] + cells(figure)) }
        }
        files["plant.csv"] = render(plant)
        var machines = [["configuration", "machine", "kpi", "mean", "ci95_lower", "ci95_upper"]]
        for (name, list) in [("base", input.document.machines)] + input.document.variants.map({ ($0.name, $0.machines) }) {
            for machine in list {
                for (kpi, figure) in [("oee", machine.oee), ("availability", machine.availability), ("performance", machine.performance), ("quality", machine.quality),
                                      ("utilization", machine.utilization), ("mtbfHours", machine.mtbfHours), ("mttrHours", machine.mttrHours)] {
                    machines.append([name, machine.id, kpi] + cells(figure))
                }
            }
        }
        files["machines.csv"] = render(machines)
        // Every replication's own figures: what `mes report --db` reproduces for replication 1.
        var replications = [["configuration", "replication", "machine", "production_h", "setup_h", "idle_h", "blocked_h", "held_h", "down_h",
                             "planned_downtime_h", "stopped_h", "produced", "good", "ideal_h", "failures", "availability", "performance", "quality", "oee"]]
        for configuration in configurations {
            for (index, run) in configuration.runs.enumerated() {
                for machine in run.machines {
                    replications.append([configuration.name, String(index + 1), machine.id] + [
                        machine.productionHours, machine.setupHours, machine.idleHours, machine.suspendedHours, machine.heldHours, machine.downHours,
                        machine.plannedDowntimeHours, machine.stoppedHours,
                    ].map(value) + [String(machine.produced), String(machine.good), value(machine.idealHours), String(machine.failures)]
                        + [machine.availability, machine.performance, machine.quality, machine.oee].map(optional))
                }
            }
        }
        files["replications.csv"] = render(replications)
        if let detail = input.base.details.first {
            var orders = [["work_order", "part", "quantity", "released_h", "completed_h", "due_h", "lateness_h", "status"]]
            for row in detail.orders {
                orders.append([row.id, row.part, String(row.quantity), value(row.released), optional(row.completed), optional(row.due), optional(row.lateness), row.status])
            }
            files["workorders.csv"] = render(orders)
        }
        var ncrs = [["configuration", "by", "key", "ncrs_per_replication"]]
        for configuration in configurations where !configuration.details.isEmpty {
            let count = Double(configuration.details.count)
            for (key, total) in sum(configuration.details.map(\.ncrByCharacteristic)) { ncrs.append([configuration.name, "characteristic", key, value(Double(total) / count)]) }
            for (key, total) in sum(configuration.details.map(\.ncrByInspection)) { ncrs.append([configuration.name, "inspection plan", key, value(Double(total) / count)]) }
        }
        files["ncr-pareto.csv"] = render(ncrs)
        return files
    }

    static func plantFigures(_ kpis: PlantKPIs) -> [(String, Figure)] {
        [("oee", kpis.oee), ("availability", kpis.availability), ("performance", kpis.performance), ("quality", kpis.quality),
         ("throughputPerDay", kpis.throughputPerDay), ("wipMean", kpis.wipMean), ("leadTimeHours", kpis.leadTimeHours),
         ("onTimeDelivery", kpis.onTimeDelivery), ("firstPassYield", kpis.firstPassYield), ("scrapRate", kpis.scrapRate), ("ncrCount", kpis.ncrCount),
         ("tardinessHours", kpis.tardinessHours), ("reworkRate", kpis.reworkRate)]
    }

    /// Counts summed over runs, largest first (ties by key).
    static func sum(_ maps: [[String: Int]]) -> [(String, Int)] {
        var total: [String: Int] = [:]
        for map in maps { for (key, count) in map { total[key, default: 0] += count } }
        return total.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
    }

    static func cells(_ figure: Figure) -> [String] { [optional(figure.mean), optional(figure.ci95?.first), optional(figure.ci95?.last)] }
    static func value(_ number: Double) -> String { number.isFinite ? String(format: "%.6g", number) : "" }
    static func optional(_ number: Double?) -> String { number.map(value) ?? "" }

    static func render(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { cell in
                cell.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }
}
