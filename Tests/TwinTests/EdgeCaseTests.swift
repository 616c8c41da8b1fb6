import Foundation
import MESReports
import Testing
@testable import Twin

/// Corner cases a review found, each a small scenario in `Scenarios/edge-cases/` (the
/// ground-truth test runs them too): they must run to the horizon and do the work.
@Suite("Twin corner cases")
struct EdgeCaseTests {
    func run(_ name: String) throws -> ReplicationResult {
        let loaded = try load(scenarioPath("edge-cases/\(name).yaml"))
        return try TwinReplication.run(TwinModel(loaded), replication: 0, seed: loaded.scenario.seed)
    }

    @Test("a calendar failure and a PM falling due in the same instant on an idle machine")
    func failureAndMaintenanceAtOnce() throws {
        let result = try run("failure-and-pm-at-once")
        let machine = try #require(result.kpis.machines.first)
        #expect(machine.failures >= 1 && machine.plannedDowntimeHours > 0)
        #expect(result.kpis.plant.serialsCompleted == 1, "the order released at 40 h is made")
    }

    @Test("two breakdowns in one instant are repaired one after the other and the job resumes")
    func twoBreakdownsAtOnce() throws {
        let result = try run("two-breakdowns-at-once")
        let machine = try #require(result.kpis.machines.first)
        #expect(machine.failures == 1 && abs(machine.downHours - 1) < 1e-9, "one failure, two 30-minute repairs")
        #expect(result.kpis.plant.serialsCompleted == 3, "all three serials are made: none is abandoned")
    }

    @Test("a buffer of zero places hands parts over machine to machine; the day before the first shift is Stopped, not Idle")
    func zeroBufferAndFirstShift() throws {
        let result = try run("zero-buffer-before-shift")
        let second = try #require(result.kpis.machines.first { $0.id == "M-B" })
        #expect(second.produced > 5, "the machine behind the zero buffer works")
        for machine in result.kpis.machines {
            // 00:00-06:00, the night and the evening after the second shift: 32 h, less the time a
            // machine runs past a shift's end to finish its part (exponential cycles).
            #expect(machine.stoppedHours > 27, "\(machine.id): outside the shift the machines are Stopped, from the very start")
            #expect(machine.idleHours < 16, "\(machine.id): idle only inside the shifts")
        }
    }

    @Test("a first-article run whose parts are all scrapped hands the FAI to the next order; production goes on")
    func firstArticleRunScrapped() throws {
        let result = try run("first-article-run-scrapped")
        #expect(result.kpis.plant.serialsCompleted + result.kpis.plant.serialsScrapped == 11, "every serial of the three orders is made or scrapped")
        #expect(result.kpis.plant.serialsCompleted > 0)
    }
}
