import Foundation
import Mustache
import SPC
import Stochastics

/// `index.html`: the report as one self-contained page. The page's structure is a Mustache
/// template; the numbers and charts are worked out here from the report input.
public enum HTMLReport {
    public static func render(_ input: ReportInput) throws -> String {
        let template = try MustacheTemplate(string: ReportTemplate.page)
        return template.render(context(input))
    }

    static func context(_ input: ReportInput) -> [String: Any] {
        let document = input.document
        let base = input.base
        var context: [String: Any] = [
            "title": document.scenario,
            "meta": "\(document.replications) replication\(document.replications == 1 ? "" : "s") of \(hours(document.horizonHours)) h, the first \(hours(document.warmupHours)) h a warm-up left out; seed \(document.seed); dispatching \(document.dispatching).",
            "source": input.source,
            "cards": cards(document.plant),
            "machines": document.machines.map { machine in machineContext(machine, runs: base.runs) },
            "spc": spc(input),
            "orders": [[String: Any]](),
            "hasVariants": !input.variants.isEmpty,
            "variants": variants(input),
        ]
        if let description = input.description, !description.isEmpty { context["description"] = description }
        let details = base.details
        let binHours = details.first?.binHours ?? 1
        context["binLabel"] = binHours == 24 ? "day" : binHours > 24 ? "\(hours(binHours / 24)) days" : binHours == 1 ? "hour" : "\(hours(binHours)) h"
        context["throughputChart"] = SVGCharts.lines([("throughput", meanSeries(details.map { $0.throughput.map(Double.init) }))], step: binHours, yLabel: "serials per bin")
        context["wipChart"] = SVGCharts.lines([("WIP", meanSeries(details.map(\.wip)))], step: binHours, yLabel: "serials in process")
        let blocks = ["early", "late", "night"]
        context["shiftChart"] = SVGCharts.bars(blocks.map { block in
            let perRun = details.map { detail in (detail.shiftBlocks[block] ?? 0) > 0 ? Double(detail.shiftThroughput[block] ?? 0) / detail.shiftBlocks[block]! : 0 }
            return (block, perRun.isEmpty ? 0 : perRun.reduce(0, +) / Double(perRun.count))
        }, unit: " serials")
        if let first = details.first {
            context["gantt"] = SVGCharts.gantt(first.spans.keys.sorted().map { ($0, first.spans[$0] ?? []) }, hours: first.windowHours)
            let rows = first.orders.prefix(400)
            context["orders"] = rows.map { row -> [String: Any] in
                [
                    "id": row.id, "part": row.part, "quantity": row.quantity, "released": fixed(row.released), "completed": row.completed.map(fixed) ?? "open",
                    "due": row.due.map(fixed) ?? "–", "lateness": row.lateness.map(fixed) ?? "–", "late": (row.lateness ?? 0) > 0, "status": row.status,
                ]
            }
            if first.orders.count > rows.count { context["ordersTruncated"] = "The first \(rows.count) of \(first.orders.count) work orders; all are in workorders.csv." }
        } else {
            context["gantt"] = SVGCharts.bars([])
        }
        let count = Double(max(details.count, 1))
        context["paretoCharacteristic"] = SVGCharts.bars(CSVTables.sum(details.map(\.ncrByCharacteristic)).prefix(12).map { ($0.0, Double($0.1) / count) }, cumulative: true)
        context["paretoInspection"] = SVGCharts.bars(CSVTables.sum(details.map(\.ncrByInspection)).prefix(12).map { ($0.0, Double($0.1) / count) }, cumulative: true)
        context["leadTimeChart"] = SVGCharts.histogram(details.flatMap(\.leadTimes), unit: " h")
        if let schedule = document.schedule {
            var section: [String: Any] = [
                "policy": schedule.policy,
                "orders": schedule.orders.map { order -> [String: Any] in
                    [
                        "id": order.id, "due": fixed(order.dueHours), "pLate": pct(order.lateProbability), "risky": order.lateProbability > 0,
                        "pShort": pct(order.shortProbability),
                        "lateness": order.latenessHours.mean.map(fixed) ?? "not completed",
                        "interval": order.latenessHours.ci95.map { "[\(fixed($0[0])), \(fixed($0[1]))]" } ?? "–",
                        "p90": order.lateness90Hours.map(fixed) ?? "–", "cause": order.mainCause ?? "–",
                    ]
                },
                "machines": schedule.machines.map { machine -> [String: Any] in
                    ["id": machine.id, "planned": pct(machine.plannedUtilization), "simulated": machine.simulatedUtilization.mean.map(pct) ?? "undefined"]
                },
                "deviation": schedule.startDeviationHours.mean.map(fixed) ?? "undefined",
                "deviation90": schedule.startDeviation90Hours.map(fixed) ?? "undefined",
                "sequence": schedule.sequenceDeviations.mean.map(plain) ?? "0",
                "notStarted": schedule.bookingsNotStarted.mean.map(plain) ?? "0",
            ]
            if let view = input.schedule {
                section["deviationChart"] = SVGCharts.histogram(view.startDeviations, unit: " h")
                if let first = details.first {
                    let machines = Set(view.planned.keys).union(first.spans.keys).sorted()
                    let rows = machines.flatMap { id -> [(label: String, spans: [RunDetail.StateSpan])] in
                        [("\(id) plan", view.planned[id] ?? []), ("\(id) run", (first.spans[id] ?? []).filter { $0.category != "stopped" })]
                    }
                    section["gantt"] = SVGCharts.gantt(rows, hours: first.windowHours)
                }
            }
            context["schedule"] = section
        }
        return context
    }

    /// The headline cards; an undefined figure says why.
    static func cards(_ plant: PlantKPIs) -> [[String: Any]] {
        let items: [(String, Figure, Bool, String)] = [
            ("OEE", plant.oee, true, "no production in the window"),
            ("Availability", plant.availability, true, "no planned busy time in the window"),
            ("Performance", plant.performance, true, "no production time in the window"),
            ("Quality", plant.quality, true, "nothing produced in the window"),
            ("Throughput per day", plant.throughputPerDay, false, "undefined"),
            ("Mean WIP (serials)", plant.wipMean, false, "undefined"),
            ("Lead time (h)", plant.leadTimeHours, false, "no work order completed in the window"),
            ("On-time in full (MES, by due day)", plant.onTimeDelivery, true, "no completed work order with a target date"),
            ("First-pass yield", plant.firstPassYield, true, "no serial finished in the window"),
            ("Scrap rate", plant.scrapRate, true, "no serial finished in the window"),
            ("NCRs", plant.ncrCount, false, "undefined"),
            ("Mean tardiness (h)", plant.tardinessHours, false, "no completed work order with a target date"),
            ("Rework rate", plant.reworkRate, true, "no serial finished in the window"),
        ]
        return items.map { name, figure, percent, why in
            var card: [String: Any] = ["name": name, "value": figure.mean.map { percent ? pct($0) : plain($0) } ?? "undefined"]
            if let interval = figure.ci95, interval.count == 2 { card["interval"] = percent ? "\(pct(interval[0])) – \(pct(interval[1]))" : "\(plain(interval[0])) – \(plain(interval[1]))" }
            if figure.mean == nil { card["why"] = why }
            return card
        }
    }

    static func machineContext(_ machine: MachineKPIs, runs: [RunKPIs]) -> [String: Any] {
        let figures = runs.compactMap { run in run.machines.first { $0.id == machine.id } }
        func mean(_ value: (MachineFigures) -> Double) -> Double { figures.isEmpty ? 0 : figures.map(value).reduce(0, +) / Double(figures.count) }
        let pot = mean(\.plannedOperationHours), planned = mean(\.plannedDowntimeHours), pbt = mean(\.plannedBusyHours), apt = mean(\.productionHours)
        let ideal = mean(\.idealHours)
        let quality = figures.isEmpty ? 1 : figures.map { $0.quality ?? 1 }.reduce(0, +) / Double(figures.count)
        let steps: [(label: String, value: Double, total: Bool)] = [
            ("planned operation", pot, true), ("planned downtime", -planned, false), ("planned busy time", pbt, true),
            ("breakdowns", -mean(\.downHours), false), ("setups", -mean(\.setupHours), false), ("starved (idle)", -mean(\.idleHours), false),
            ("blocked", -mean(\.suspendedHours), false), ("held", -mean(\.heldHours), false), ("production", apt, true),
            ("speed loss", -(apt - ideal), false), ("quality loss", -(ideal * (1 - quality)), false), ("fully productive", ideal * quality, true),
        ]
        func show(_ figure: Figure, percent: Bool) -> String { figure.mean.map { percent ? pct($0) : plain($0) } ?? "undefined" }
        return [
            "id": machine.id, "oee": show(machine.oee, percent: true), "availability": show(machine.availability, percent: true),
            "performance": show(machine.performance, percent: true), "quality": show(machine.quality, percent: true),
            "utilization": show(machine.utilization, percent: true), "mtbf": machine.mtbfHours.mean.map(plain) ?? "– (no failure)",
            "mttr": machine.mttrHours.mean.map(plain) ?? "–", "waterfall": SVGCharts.waterfall(steps),
        ]
    }

    /// Control charts of replication 1's characteristics.
    static func spc(_ input: ReportInput) -> [[String: Any]] {
        guard let detail = input.base.details.first else { return [] }
        return detail.measurements.keys.sorted().compactMap { key -> [String: Any]? in
            let values = detail.measurements[key] ?? []
            guard values.count >= 2, let charts = try? ShewhartCharts.individuals(values) else { return nil }
            let limits = charts.location.limits.first ?? ControlLimits(center: charts.grandMean, upper: charts.grandMean, lower: charts.grandMean)
            // Without variation the limits collapse onto the centre line and the run rules mean nothing.
            let varies = charts.sigmaWithin > 0 && (values.max()! - values.min()!) > 0
            let violations = varies ? charts.location.violations(ControlRule.nelson) : []
            let flagged = Set(violations.map(\.index))
            let specification = input.specifications[key]
            var summary = varies ? "\(values.count) results; \(violations.count) rule violation\(violations.count == 1 ? "" : "s")"
                : "\(values.count) results, all equal: no variation to chart"
            if varies, let specification, let capability = try? Capability(values: values, sigmaWithin: charts.sigmaWithin, lower: specification.lower, upper: specification.upper) {
                summary += String(format: "; Cpk %.2f, Ppk %.2f", capability.cpk, capability.ppk)
            }
            return [
                "name": key + (specification.map { " (\($0.unit))" } ?? ""), "summary": summary,
                "chart": SVGCharts.controlChart(values, center: limits.center, lower: limits.lower, upper: limits.upper,
                                                specification: (specification?.lower, specification?.upper), flagged: flagged),
            ]
        }
    }

    /// Each variant against the base: paired differences per replication.
    static func variants(_ input: ReportInput) -> [[String: Any]] {
        let kpis: [(String, Bool, (RunKPIs) -> Double?)] = [
            ("OEE", true, { $0.oee.oee }), ("availability", true, { $0.oee.availability }), ("performance", true, { $0.oee.performance }),
            ("quality", true, { $0.oee.quality }), ("throughput per day", false, { $0.plant.throughputPerDay }), ("mean WIP", false, { $0.plant.wipMean }),
            ("lead time h", false, { $0.plant.leadTimeHours }), ("on-time delivery", true, { $0.plant.onTimeDelivery }),
            ("first-pass yield", true, { $0.plant.firstPassYield }), ("scrap rate", true, { $0.plant.scrapRate }), ("NCRs", false, { Double($0.plant.ncrCount) }),
        ]
        return zip(input.variants, input.document.variants).map { variant, figures in
            let rows = kpis.map { name, percent, value -> [String: Any] in
                let pairs = zip(input.base.runs, variant.runs).compactMap { base, other -> (Double, Double)? in
                    guard let b = value(base), let v = value(other) else { return nil }
                    return (b, v)
                }
                let format = percent ? pct : plain
                func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
                let differences = pairs.map { $0.1 - $0.0 }
                let interval = differences.count >= 2 ? try? ConfidenceInterval.studentT(differences, level: 0.95) : nil
                let excludes = interval.map { $0.lower > 0 || $0.upper < 0 }
                return [
                    "kpi": name, "base": mean(pairs.map(\.0)).map(format) ?? "undefined", "variant": mean(pairs.map(\.1)).map(format) ?? "undefined",
                    "difference": mean(differences).map { ($0 >= 0 ? "+" : "") + (percent ? String(format: "%.1f pp", $0 * 100) : plain($0)) } ?? "–",
                    "interval": interval.map { percent ? String(format: "[%.1f, %.1f] pp", $0.lower * 100, $0.upper * 100) : "[\(plain($0.lower)), \(plain($0.upper))]" }
                        ?? "needs 2+ replications",
                    "excludesZero": excludes.map { $0 ? "yes" : "no" } ?? "–", "significant": excludes ?? false,
                ]
            }
            return ["name": variant.name, "dispatching": figures.dispatching, "rows": rows]
        }
    }

    /// The mean of several series, bin by bin (shorter ones count where they have values).
    static func meanSeries(_ series: [[Double]]) -> [Double] {
        let length = series.map(\.count).max() ?? 0
        return (0..<length).map { index in
            let values = series.compactMap { index < $0.count ? $0[index] : nil }.filter(\.isFinite)
            return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }
    }

    static func pct(_ value: Double) -> String { value.isFinite ? String(format: "%.1f %%", value * 100) : "undefined" }
    static func plain(_ value: Double) -> String { value.isFinite ? String(format: "%.2f", value) : "undefined" }
    static func fixed(_ value: Double) -> String { value.isFinite ? String(format: "%.1f", value) : "–" }
    static func hours(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value) }
}
