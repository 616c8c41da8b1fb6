import ArgumentParser
import Foundation
import PlantFiles
import Twin

/// The twin end to end at plant scale: a 30-machine plant simulated for a year with every
/// step booked in the MES (events-only journal in memory), timed in wall-clock seconds, at
/// growing horizons to show how time and memory grow with them.
struct TwinBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twin",
        abstract: "One simulated year of a 30-machine plant driving the MES core, in memory; also shorter horizons to show growth.")

    @Option(help: "Machines (a multiple of 3: three per work centre).") var machines = 30
    @Option(help: "Horizons in hours, comma-separated, run in this order.") var horizons = "2190,4380,8760"
    @Option(help: "Scenario seed.") var seed: UInt64 = 2026
    @Option(help: "Write the results as Markdown to this file.") var markdown: String?

    func run() throws {
        guard machines >= 3, machines % 3 == 0 else { throw ValidationError("--machines must be a positive multiple of 3") }
        let hours = horizons.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !hours.isEmpty, hours.allSatisfy({ $0 > 0 }) else { throw ValidationError("--horizons needs positive hours") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-twin-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(BenchmarkPlant.yaml(machines: machines).utf8).write(to: folder.appendingPathComponent("plant.yaml"))
        var rows: [Row] = []
        for horizon in hours {
            let path = folder.appendingPathComponent("scenario-\(Int(horizon)).yaml").path
            try Data(BenchmarkPlant.scenario(horizonHours: horizon, seed: seed).utf8).write(to: URL(fileURLWithPath: path))
            let loaded: ScenarioLoader.Loaded
            do { loaded = try ScenarioLoader.load(path) } catch { throw ValidationError("\(error)") }
            let clock = ContinuousClock()
            let started = clock.now
            let result = try TwinReplication.run(TwinModel(loaded), replication: 0, seed: seed)
            let seconds = (clock.now - started).seconds
            rows.append(Row(horizon: horizon, seconds: seconds, entries: result.journalEntries, serials: result.kpis.plant.serialsCompleted,
                            operations: result.kpis.machines.reduce(0) { $0 + $1.produced }, oee: result.kpis.oee.oee ?? 0,
                            peakMemoryMB: BenchmarkPlant.peakResidentMegabytes()))
            print(rows.last!.line)
        }
        if let markdown { try Data(report(rows).utf8).write(to: URL(fileURLWithPath: markdown), options: .atomic) }
    }

    struct Row {
        let horizon: Double, seconds: Double, entries: Int, serials: Int, operations: Int, oee: Double, peakMemoryMB: Double
        var line: String {
            String(format: "%6.0f h  %7.2f s  %9d journal entries  %8.0f entries/s  %7d serials  %8d operations  OEE %.3f  peak RSS %.0f MB",
                   horizon, seconds, entries, Double(entries) / seconds, serials, operations, oee, peakMemoryMB)
        }
    }

    func report(_ rows: [Row]) -> String {
        var lines = [
            "# Twin benchmark: a \(machines)-machine plant driving the MES core", "",
            "Command: `bash scripts/bench-twin.sh` (release build; `mes-bench twin --machines \(machines) --horizons \(horizons) --seed \(seed)`).",
            "Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, one replication on one core; the full MES record (events-only journal) in memory.",
            "Plant: \(machines / 3) work centres of 3 machines, 4 part numbers with 6-operation routings, operating-time failures, weekly PM, family setups,",
            "sensors with tool wear on the machines of every third work centre, a CMM inspection plan per part, three shifts with breaks, 96 operators, arrivals of",
            "orders of 5–15 serials every 2.2 h on average. KPIs are computed from the MES record after each run (included in the time).", "",
            "| horizon h | wall s | journal entries | entries/s | serials completed | operations | plant OEE | peak RSS MB |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for row in rows {
            lines.append(String(format: "| %.0f | %.2f | %d | %.0f | %d | %d | %.3f | %.0f |", row.horizon, row.seconds, row.entries, Double(row.entries) / row.seconds,
                                row.serials, row.operations, row.oee, row.peakMemoryMB))
        }
        if let year = rows.first(where: { $0.horizon >= 8760 }) {
            lines += ["", String(format: "One simulated year: %.2f s wall (target ≤ 10 s: %@).", year.seconds, year.seconds <= 10 ? "met" : "NOT met")]
        }
        if let first = rows.first, let last = rows.last, last.horizon > first.horizon {
            let perMonth = (last.peakMemoryMB - first.peakMemoryMB) / (last.horizon - first.horizon) * 730
            let perEntry = (last.peakMemoryMB - first.peakMemoryMB) * 1_048_576 / Double(max(1, last.entries - first.entries))
            lines += ["", String(format: "Memory grows linearly with the horizon: about %.0f MB per simulated month here, %.0f bytes per journal entry.", perMonth, perEntry)]
        }
        lines += ["", "Peak RSS is the process's high-water mark, measured after each horizon in turn (longer horizons run later), so it shows how",
                  "memory grows with the horizon: the journal keeps every entry, the MES state every serial with its operations, and the KPI",
                  "replay folds the record into a second state; all three are linear in the horizon."]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The benchmark's synthetic plant and scenario, written as YAML so they go through the same
/// loader and checks as any user's files.
enum BenchmarkPlant {
    static let routings: [[Int]] = [[1, 2, 3, 4, 5, 6], [2, 3, 5, 7, 8, 9], [1, 4, 6, 7, 9, 10], [3, 5, 8, 9, 10, 2]]

    static func yaml(machines: Int) -> String {
        let centers = machines / 3
        func center(_ index: Int) -> String { String(format: "WC-%02d", (index - 1) % centers + 1) }
        var text = "name: Benchmark plant\nworkCenters:\n"
        for c in 1...centers { text += "  - {id: \(center(c))}\n" }
        text += "machines:\n"
        for c in 1...centers {
            for m in 1...3 {
                text += """
                      - id: M-\(String(format: "%02d", c))-\(m)
                        workCenter: \(center(c))
                        equipmentClass: cnc
                        bufferCapacity: 40
                        failures: {basis: operatingTime, between: {type: exponential, mean: 12000}, timeToRepair: {type: lognormal, mean: 150, sd: 60}}
                        preventiveMaintenance: {intervalHours: 168, duration: {type: triangular, min: 45, mode: 60, max: 120}}
                        setup: {sameFamily: 10, familyChange: {type: triangular, min: 20, mode: 30, max: 60}}

                    """
                if c % 3 == 1 {
                    text += """
                            sensors:
                              - {tag: spindle-load, unit: "%", nominal: 40, noise: {type: normal, mean: 0, sd: 1}, driftPerCycle: 0.05, resetAfterCycles: 80,
                                 influences: [{characteristic: DIM-P1, gain: 0.0004}, {characteristic: DIM-P2, gain: 0.0004}, {characteristic: DIM-P3, gain: 0.0004}, {characteristic: DIM-P4, gain: 0.0004}]}

                        """
                }
            }
        }
        text += "materials:\n  - {id: BAR, description: Bar stock, unit: ea}\nlots:\n"
        for lot in 1...4 { text += "  - {lotCode: BAR-\(lot), material: BAR, heatNumber: H-\(lot), supplier: Mill, quantity: 1000000, unit: ea}\n" }
        text += "parts:\n"
        for (p, route) in routings.enumerated() {
            text += "  - partNumber: P\(p + 1)\n    revision: A\n    description: Benchmark part \(p + 1)\n    family: F\(p % 2 + 1)\n"
            text += "    billOfMaterials: [{kind: material, item: BAR, quantityPerUnit: 1, unit: ea}]\n    routing:\n"
            for (o, c) in route.enumerated() {
                text += "      - {operation: \((o + 1) * 10), description: Step \(o + 1), workCenter: \(center(c)), cycleTime: {type: lognormal, mean: 30, sd: 5}, scrapProbability: 0.002}\n"
            }
        }
        text += "inspectionPlans:\n"
        for p in 1...routings.count {
            text += """
                  - id: IP-P\(p)
                    partNumber: P\(p)
                    revision: A
                    operation: 60
                    characteristics:
                      - {id: DIM-P\(p), balloon: 1, description: Critical diameter, nominal: 50, lowerLimit: 49.98, upperLimit: 50.02, unit: mm, method: CMM}
                    variation:
                      - {characteristic: DIM-P\(p), noise: {type: normal, mean: 0, sd: 0.005}}

                """
        }
        text += "operators:\n"
        for shift in ["A", "B", "C"] {
            for o in 1...32 { text += "  - {id: OP-\(shift)-\(o), name: Operator \(shift)\(o), certifications: [], shift: \(shift)}\n" }
        }
        text += """
            shifts:
              - {name: A, start: "06:00", hours: 8, days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], breaks: [{start: "10:00", minutes: 30}]}
              - {name: B, start: "14:00", hours: 8, days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], breaks: [{start: "18:00", minutes: 30}]}
              - {name: C, start: "22:00", hours: 8, days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], breaks: [{start: "02:00", minutes: 30}]}

            """
        return text
    }

    static func scenario(horizonHours: Double, seed: UInt64) -> String {
        let mix = (1...routings.count).map { "      - {partNumber: P\($0), weight: 1, quantity: {type: uniform, min: 5, max: 15}, dueAfterHours: {type: uniform, min: 48, max: 168}}" }
        return """
            name: twin-benchmark
            plant: plant.yaml
            horizonHours: \(horizonHours)
            warmupHours: \(min(168, horizonHours / 10))
            replications: 1
            seed: \(seed)
            demand:
              arrivals:
                interarrivalHours: {type: exponential, mean: 2.2}
                mix:
            \(mix.joined(separator: "\n"))
            dispatching: edd

            """
    }

    /// The process's peak resident set so far, in MB (Linux reports kilobytes).
    static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1_024
    }
}
