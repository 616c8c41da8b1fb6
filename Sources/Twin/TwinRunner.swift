import Foundation
import MESCore
import MESReports
import MESStore
import PlantFiles

/// Runs a scenario's replications — the base and every variant, each on the same seeds so the
/// variants are compared under common random numbers — in parallel across the cores, and
/// gathers their KPIs.
public enum TwinRunner {
    public struct Outcome: Sendable {
        public let document: KPIDocument
        public let base: [ReplicationResult]
        public let variants: [(name: String, results: [ReplicationResult])]
    }

    /// `databasePath` keeps the full, audited MES record of the base scenario's first
    /// replication in SQLite; `progress` is called (from any thread) as replications finish.
    public static func run(_ loaded: ScenarioLoader.Loaded, seed: UInt64, replications: Int, databasePath: String? = nil,
                           progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> Outcome {
        let models = [TwinModel(loaded)] + loaded.scenario.variants.map { TwinModel(loaded, variant: $0) }
        return try run(models, loaded: loaded, seed: seed, replications: replications, databasePath: databasePath, progress: progress)
    }

    /// Runs `plan` on the scenario's plant: followed under `policy`, and, on the same demand and
    /// seeds, dispatched by each rule instead, for comparison. The scenario's own demand and
    /// variants are set aside.
    public static func run(_ loaded: ScenarioLoader.Loaded, plan: ProductionPlan, policy: PlanPolicy, seed: UInt64, replications: Int,
                           rules: [DispatchingRule] = [.fifo, .edd, .spt, .criticalRatio], databasePath: String? = nil,
                           progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> Outcome {
        let models = [TwinModel(loaded, plan: plan, policy: policy)] + rules.map { TwinModel(loaded, plan: plan, rule: $0) }
        var outcome = try run(models, loaded: loaded, seed: seed, replications: replications, databasePath: databasePath, progress: progress)
        var document = outcome.document
        document.dispatching = "plan (\(policy.rawValue))"
        let calendar = ShiftCalendar(shifts: loaded.plant.shifts, start: loaded.start, horizonHours: loaded.scenario.horizonHours)
        document.schedule = ScheduleRisk.kpis(outcome.base.compactMap(\.schedule), runs: outcome.base.map(\.kpis), policy: policy,
                                              horizonHours: loaded.scenario.horizonHours, workingHours: calendar.plantHours)
        document.warmupHours = 0
        outcome = Outcome(document: document, base: outcome.base, variants: outcome.variants)
        return outcome
    }

    static func run(_ models: [TwinModel], loaded: ScenarioLoader.Loaded, seed: UInt64, replications: Int, databasePath: String?,
                    progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void) throws -> Outcome {
        let total = models.count * replications
        let results = ResultSlots(count: total)
        DispatchQueue.concurrentPerform(iterations: total) { item in
            let model = models[item / replications]
            let replication = item % replications
            let outcome: Result<ReplicationResult, any Error>
            do {
                if let databasePath, item == 0 {
                    let store = try SQLiteJournalStore(path: databasePath, durability: .normal)
                    let result = try TwinReplication.run(model, replication: replication, seed: seed, store: store, detail: .audited)
                    // What `mes report --db` needs to draw the same report of this replication.
                    let formatter = ISO8601DateFormatter()
                    formatter.formatOptions.insert(.withFractionalSeconds)
                    for (key, value) in [
                        ("scenario", model.scenario.name), ("seed", String(seed)), ("replication", "1"), ("dispatching", model.followsPlan ? "plan (\(model.planPolicy.rawValue))" : model.dispatching.rawValue),
                        ("from", formatter.string(from: model.start.addingTimeInterval(model.warmupHours * 3_600))),
                        ("to", formatter.string(from: model.start.addingTimeInterval(model.horizonHours * 3_600))),
                        // Exactly, as seconds since 1970 (Double's description reads back bit for bit).
                        ("fromSeconds", String(model.start.addingTimeInterval(model.warmupHours * 3_600).timeIntervalSince1970)),
                        ("toSeconds", String(model.start.addingTimeInterval(model.horizonHours * 3_600).timeIntervalSince1970)),
                        ("description", model.scenario.description ?? ""), ("plant", model.plant.name),
                    ] { try store.annotate(key, value) }
                    outcome = .success(result)
                } else {
                    outcome = .success(try TwinReplication.run(model, replication: replication, seed: seed))
                }
            } catch {
                outcome = .failure(error)
            }
            progress(results.put(outcome, at: item), total)
        }
        let all = try results.values()
        let base = Array(all[0..<replications])
        let variants = models.dropFirst().enumerated().map { offset, model in
            (name: model.variant ?? "", results: Array(all[((offset + 1) * replications)..<((offset + 2) * replications)]))
        }
        let scenario = loaded.scenario
        let document = KPIDocument(
            scenario: scenario.name, seed: seed, replications: replications, horizonHours: scenario.horizonHours, warmupHours: scenario.warmupHours,
            dispatching: scenario.dispatching.rawValue, plant: PlantKPIs(base.map(\.kpis)), machines: MachineKPIs.of(base.map(\.kpis)),
            workCenters: WorkCenterKPIs.of(base.map(\.kpis)),
            variants: zip(models.dropFirst(), variants).map { model, variant in
                VariantKPIs(name: variant.name, dispatching: model.dispatching.rawValue, runs: variant.results.map(\.kpis))
            })
        return Outcome(document: document, base: base, variants: variants)
    }
}

/// One slot per replication, filled from worker threads.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<ReplicationResult, any Error>?]
    private var filled = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Stores a result; returns how many are in.
    func put(_ result: Result<ReplicationResult, any Error>, at index: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = result
        filled += 1
        return filled
    }

    /// The results in order, or the first failure in order.
    func values() throws -> [ReplicationResult] {
        lock.lock()
        defer { lock.unlock() }
        return try slots.map { try $0!.get() }
    }
}
