import ArgumentParser
import Foundation
import MESReports
import PlantFiles
import Twin

/// The main job: a scenario simulated end to end with the MES core booking every step, and
/// its KPIs written to `reports/<scenario>/`.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a scenario on the digital twin: the MES core executes what the simulated plant produces; writes kpis.json and summary.md.")

    @Argument(help: "The scenario file (YAML).") var scenario: String
    @Option(help: "Override the scenario's seed.") var seed: UInt64?
    @Option(help: "Override the scenario's number of replications.") var replications: Int?
    @Option(help: "Output directory (default reports/<scenario name>).") var out: String?
    @Option(help: "Keep the full, audited MES record of the first replication in this new SQLite file.") var db: String?
    @Option(help: "A production plan (CSV or JSON) to follow instead of the scenario's demand; compared with the dispatching rules.") var schedule: String?
    @Option(help: "With --schedule, when the planned job is not ready: 'wait' for it, or take the 'next' ready job and count the deviation.")
    var whenInfeasible: String = "wait"

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1, got \(replications)") }
        if PlanPolicy(rawValue: whenInfeasible) == nil { throw ValidationError("--when-infeasible is 'wait' or 'next', got '\(whenInfeasible)'") }
        if let db, FileManager.default.fileExists(atPath: db) {
            throw ValidationError("--db \(db) already exists; the record of a run goes into a new file")
        }
    }

    func run() throws {
        let loaded: ScenarioLoader.Loaded
        do {
            loaded = try ScenarioLoader.load(scenario)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
        var plan: ProductionPlan?
        if let schedule {
            do {
                plan = try PlanLoader.load(schedule, plant: loaded.plant, start: loaded.start, horizonHours: loaded.scenario.horizonHours)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode.failure
            }
        }
        let runSeed = seed ?? loaded.scenario.seed
        let count = replications ?? loaded.scenario.replications
        let progress = ProgressLine(label: loaded.scenario.name)
        let clock = ContinuousClock()
        let started = clock.now
        let outcome: TwinRunner.Outcome
        do {
            if let plan {
                outcome = try TwinRunner.run(loaded, plan: plan, policy: PlanPolicy(rawValue: whenInfeasible) ?? .wait, seed: runSeed, replications: count,
                                             databasePath: db) { done, total in progress.update(done, of: total) }
            } else {
                outcome = try TwinRunner.run(loaded, seed: runSeed, replications: count, databasePath: db) { done, total in progress.update(done, of: total) }
            }
        } catch {
            progress.finish()
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            if let db { try? FileManager.default.removeItem(atPath: db) }
            throw ExitCode.failure
        }
        progress.finish()
        let directory = URL(fileURLWithPath: out ?? "reports/\(ReportFolder.name(for: loaded.scenario.name))", isDirectory: true)
        var input = ReportInput(
            document: outcome.document, description: loaded.scenario.description,
            base: .init(name: "base", runs: outcome.base.map(\.kpis), details: outcome.base.map(\.detail)),
            variants: outcome.variants.map { .init(name: $0.name, runs: $0.results.map(\.kpis), details: $0.results.map(\.detail)) },
            specifications: ReportInput.specifications(of: PlantLoader.inspectionPlans(of: loaded.plant)),
            source: "Simulated plant '\(loaded.plant.name)' (\(loaded.scenario.plant)); every figure computed from the MES record of each replication.")
        if let plan {
            // As in kpis.json: a booking not started by the horizon counts with its delay up to the horizon.
            let horizon = loaded.scenario.horizonHours
            let deviations = outcome.base.compactMap(\.schedule).flatMap { $0.steps.map { ($0.actualStart ?? max(horizon, $0.plannedStart)) - $0.plannedStart } }
            var planned: [String: [RunDetail.StateSpan]] = [:]
            for booking in plan.bookings {
                // Plan runs have no warm-up: the window starts with the scenario.
                let from = booking.start.timeIntervalSince(loaded.start) / 3_600, to = booking.end.timeIntervalSince(loaded.start) / 3_600
                if to > 0 { planned[booking.machine, default: []].append(RunDetail.StateSpan(start: max(0, from), end: to, category: "planned")) }
            }
            input.schedule = ReportInput.ScheduleView(startDeviations: deviations, planned: planned)
        }
        print(try ReportFiles.write(input, to: directory))
        let entries = outcome.base.map(\.journalEntries).reduce(0, +) + outcome.variants.flatMap(\.results).map(\.journalEntries).reduce(0, +)
        print("\(count) replications × \(1 + outcome.variants.count) configurations, \(entries) MES journal entries, in \(clock.now - started)")
        print("reports written to \(directory.path) (index.html, summary.md, kpis.json, CSV tables)")
        if let db { print("MES record of replication 1 kept in \(db)") }
    }
}

/// A scenario name made safe as a folder name.
enum ReportFolder {
    static func name(for scenario: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let cleaned = String(scenario.map { allowed.contains($0) ? $0 : "-" })
        return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? "scenario" : cleaned
    }
}

/// Progress of the replications on standard error: a bar redrawn in place on a terminal,
/// plain lines otherwise (CI logs, pipes).
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let terminal = isatty(STDERR_FILENO) != 0
    private let lock = NSLock()
    private var drawn = false

    init(label: String) { self.label = label }

    func update(_ done: Int, of total: Int) {
        lock.lock()
        defer { lock.unlock() }
        if terminal {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total) replications".utf8))
            drawn = true
        } else {
            FileHandle.standardError.write(Data("\(label): replication \(done)/\(total) done\n".utf8))
        }
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }
}
