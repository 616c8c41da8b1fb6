import Foundation
import MESReports
import Stochastics
import Testing
@testable import Twin

/// The validation scenarios reduce the whole stack — plant file, simulator, operators, MES
/// commands, journal, KPIs from the record — to queues whose theory is known.
@Suite("The full stack reproduces queueing theory")
struct ValidationScenarioTests {
    func replications(_ path: String) throws -> [RunKPIs] {
        let loaded = try load(path)
        return try TwinRunner.run(loaded, seed: loaded.scenario.seed, replications: loaded.scenario.replications).base.map(\.kpis)
    }

    func interval(_ values: [Double]) throws -> ConfidenceInterval { try ConfidenceInterval.studentT(values, level: 0.99) }

    @Test("M/M/1: Wq = ρ/(μ−λ) = 3 h, Lq = 2.25 and utilisation 0.75 inside the 99% CI")
    func singleServer() throws {
        let runs = try replications(scenarioPath("validation/mm1.yaml"))
        let center = runs.map { $0.workCenters.first { $0.id == "WC-SERVE" }! }
        let wait = try interval(center.map { $0.waitHours! })
        let queue = try interval(center.map(\.queueLengthMean))
        let utilization = try interval(runs.map { $0.machines[0].utilization(windowHours: $0.windowHours) })
        #expect(wait.contains(3.0), "Wq \(wait)")
        #expect(queue.contains(2.25), "Lq \(queue)")
        #expect(utilization.contains(0.75), "utilisation \(utilization)")
        // Power: the same check against a 10 % slower server, Wq = λ / (μ(μ − λ)) with μ = 1/1.1, fails.
        let slowerService: Double = 1 / 1.1
        let slowerWait: Double = 0.75 / (slowerService * (slowerService - 0.75))
        #expect(!wait.contains(slowerWait), "the check can fail: \(slowerWait) h")
        let lead = try interval(runs.map { $0.plant.leadTimeHours! })
        #expect(lead.contains(4.0), "W = Wq + 1/μ = 4 h: \(lead)")
    }

    @Test("Jackson tandem: Lq1 = 4/3 and Lq2 = 3.2 inside the 99% CI")
    func tandem() throws {
        let loaded = try load(scenarioPath("validation/tandem.yaml"))
        let runs = try (0..<loaded.scenario.replications).map { try TwinReplication.run(TwinModel(loaded), replication: $0, seed: loaded.scenario.seed).kpis }
        let first = try interval(runs.map { $0.workCenters.first { $0.id == "WC-FIRST" }!.queueLengthMean })
        let second = try interval(runs.map { $0.workCenters.first { $0.id == "WC-SECOND" }!.queueLengthMean })
        #expect(first.contains(4.0 / 3.0), "Lq1 \(first)")
        #expect(second.contains(3.2), "Lq2 \(second)")
        #expect(!first.contains(3.2) && !second.contains(4.0 / 3.0), "the stations are told apart")
    }
}
