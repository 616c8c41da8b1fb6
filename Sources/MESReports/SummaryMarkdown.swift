import Foundation

/// `summary.md`: the headline figures of `kpis.json` as Markdown tables, for a quick read in a
/// terminal or a pull request. Every value is the mean with its 95 % interval.
public enum SummaryMarkdown {
    public static func render(_ document: KPIDocument, description: String?) -> String {
        var lines = ["# \(document.scenario)", ""]
        if let description, !description.isEmpty { lines += [description.trimmingCharacters(in: .whitespacesAndNewlines), ""] }
        lines += [
            "\(document.replications) replications of \(number(document.horizonHours)) h (the first \(number(document.warmupHours)) h a warm-up, left out), "
                + "seed \(document.seed), dispatching \(document.dispatching). Figures: mean [95 % confidence interval] across replications, "
                + "computed from the MES record (ISO 22400-2 OEE).", "",
        ]
        lines += plantTable([("base", document.plant)] + document.variants.map { ($0.name, $0.plant) })
        lines += ["", "## Machines", "", "| machine | OEE | availability | performance | quality | utilisation | MTBF h | MTTR h |", "|---|---|---|---|---|---|---|---|"]
        for machine in document.machines {
            lines.append("| \(machine.id) | \(percent(machine.oee)) | \(percent(machine.availability)) | \(percent(machine.performance)) | \(percent(machine.quality)) "
                + "| \(percent(machine.utilization)) | \(plain(machine.mtbfHours)) | \(plain(machine.mttrHours)) |")
        }
        lines += ["", "## Work centres", "", "| work centre | mean queue | mean wait h |", "|---|---|---|"]
        for center in document.workCenters {
            lines.append("| \(center.id) | \(plain(center.queueLengthMean)) | \(plain(center.waitHours)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func plantTable(_ columns: [(String, PlantKPIs)]) -> [String] {
        var lines = ["## Plant", "", "| KPI | " + columns.map(\.0).joined(separator: " | ") + " |", "|---|" + String(repeating: "---|", count: columns.count)]
        let rows: [(String, (PlantKPIs) -> String)] = [
            ("OEE", { percent($0.oee) }), ("availability", { percent($0.availability) }), ("performance", { percent($0.performance) }),
            ("quality", { percent($0.quality) }), ("throughput / day", { plain($0.throughputPerDay) }), ("mean WIP (serials)", { plain($0.wipMean) }),
            ("lead time h", { plain($0.leadTimeHours) }), ("on-time delivery", { percent($0.onTimeDelivery) }),
            ("first-pass yield", { percent($0.firstPassYield) }), ("scrap rate", { percent($0.scrapRate) }), ("NCRs", { plain($0.ncrCount) }),
        ]
        for (name, value) in rows { lines.append("| \(name) | " + columns.map { value($0.1) }.joined(separator: " | ") + " |") }
        return lines
    }

    static func percent(_ figure: Figure) -> String { format(figure) { String(format: "%.1f %%", $0 * 100) } }
    static func plain(_ figure: Figure) -> String { format(figure) { String(format: "%.2f", $0) } }

    private static func format(_ figure: Figure, _ text: (Double) -> String) -> String {
        guard let mean = figure.mean else { return "–" }
        guard let interval = figure.ci95, interval.count == 2 else { return text(mean) }
        return "\(text(mean)) [\(text(interval[0])), \(text(interval[1]))]"
    }

    private static func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
}
