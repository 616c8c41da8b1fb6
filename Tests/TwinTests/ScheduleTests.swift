import Foundation
import MESReports
@testable import PlantFiles
import Testing
@testable import Twin

/// Following a production plan on the twin.
@Suite("Schedule validation on the twin")
struct ScheduleTests {
    func deterministic() throws -> (ScenarioLoader.Loaded, ProductionPlan) {
        let loaded = try load(scenarioPath("validation/deterministic-plan.yaml"))
        let plan = try PlanLoader.load(repositoryRoot.appendingPathComponent("Plans/deterministic-line.csv").path, plant: loaded.plant, start: loaded.start,
                                       horizonHours: loaded.scenario.horizonHours)
        return (loaded, plan)
    }

    @Test("with nothing random a feasible plan runs exactly as planned, under either policy", arguments: PlanPolicy.allCases)
    func exactExecution(policy: PlanPolicy) throws {
        let (loaded, plan) = try deterministic()
        for replication in 0..<2 {
            let result = try TwinReplication.run(TwinModel(loaded, plan: plan, policy: policy), replication: replication, seed: 1)
            let outcome = try #require(result.schedule)
            #expect(outcome.steps.count == 6 && outcome.deviations == 0)
            for step in outcome.steps {
                #expect(step.actualStart.map { abs($0 - step.plannedStart) < 1e-9 } == true, "\(step.workOrder)/\(step.operation) start \(String(describing: step.actualStart)) planned \(step.plannedStart)")
                #expect(step.actualEnd.map { abs($0 - step.plannedEnd) < 1e-9 } == true, "\(step.workOrder)/\(step.operation) end \(String(describing: step.actualEnd)) planned \(step.plannedEnd)")
                #expect(step.cause == nil)
            }
        }
    }

    /// A plan on the HPT blade cell (breakdowns, shifts, scrap, drift all on) with an order
    /// that has weeks of slack and one planned to start after its due date.
    func hptPlan() throws -> (ScenarioLoader.Loaded, ProductionPlan) {
        let loaded = try load(scenarioPath("hpt-blade-cell.yaml"))
        let csv = """
            work_order,part_number,revision,quantity,due,operation,machine,planned_start,planned_end
            SLACK,HPT2-BLADE,B,1,2026-03-30T00:00:00Z,10,GRIND-2,2026-01-06T06:00:00Z,2026-01-06T07:00:00Z
            SLACK,HPT2-BLADE,B,1,2026-03-30T00:00:00Z,20,EDM-3,2026-01-06T08:00:00Z,2026-01-06T09:00:00Z
            SLACK,HPT2-BLADE,B,1,2026-03-30T00:00:00Z,30,COAT-1,2026-01-06T09:00:00Z,2026-01-06T09:30:00Z
            SLACK,HPT2-BLADE,B,1,2026-03-30T00:00:00Z,40,FPI-1,2026-01-06T10:00:00Z,2026-01-06T10:30:00Z
            SLACK,HPT2-BLADE,B,1,2026-03-30T00:00:00Z,50,CMM-1,2026-01-06T11:00:00Z,2026-01-06T11:30:00Z
            SLACK,HPT2-BLADE,B,1,2026-03-30T00:00:00Z,60,FINAL-1,2026-01-06T12:00:00Z,2026-01-06T12:30:00Z
            PAST-DUE,HPT1-BLADE,C,2,2026-01-07T12:00:00Z,10,GRIND-1,2026-01-07T06:00:00Z,2026-01-07T07:00:00Z
            PAST-DUE,HPT1-BLADE,C,2,2026-01-07T12:00:00Z,20,EDM-1,2026-01-07T08:00:00Z,2026-01-07T10:00:00Z
            PAST-DUE,HPT1-BLADE,C,2,2026-01-07T12:00:00Z,30,COAT-1,2026-01-07T10:00:00Z,2026-01-07T10:30:00Z
            PAST-DUE,HPT1-BLADE,C,2,2026-01-07T12:00:00Z,40,FPI-1,2026-01-07T11:00:00Z,2026-01-07T11:30:00Z
            PAST-DUE,HPT1-BLADE,C,2,2026-01-07T12:00:00Z,50,CMM-1,2026-01-07T12:00:00Z,2026-01-07T12:30:00Z
            PAST-DUE,HPT1-BLADE,C,2,2026-01-07T12:00:00Z,60,FINAL-1,2026-01-07T13:00:00Z,2026-01-07T13:30:00Z
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hpt-plan-\(UUID().uuidString).csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return (loaded, try PlanLoader.load(file.path, plant: loaded.plant, start: loaded.start, horizonHours: loaded.scenario.horizonHours))
    }

    @Test("late probability: 0 for an order with weeks of slack, 1 for one planned past its due date; deterministic")
    func lateProbability() throws {
        let (loaded, plan) = try hptPlan()
        let outcome = try TwinRunner.run(loaded, plan: plan, policy: .wait, seed: 5, replications: 4, rules: [.edd])
        let schedule = try #require(outcome.document.schedule)
        let slack = try #require(schedule.orders.first { $0.id == "SLACK" })
        let pastDue = try #require(schedule.orders.first { $0.id == "PAST-DUE" })
        #expect(slack.lateProbability == 0 && slack.mainCause == nil)
        #expect(pastDue.lateProbability == 1 && pastDue.mainCause == "planned to finish after its due date")
        #expect(pastDue.latenessHours.mean.map { $0 > 1.0 } == true, "its last booking starts 1 h after the due time, and no booking starts early")
        let again = try TwinRunner.run(loaded, plan: plan, policy: .wait, seed: 5, replications: 4, rules: [.edd])
        #expect(try outcome.document.json() == again.document.json(), "same plan, same seed, same bytes")
        // The comparison runs the same orders under the rule.
        let rule = try #require(outcome.variants.first)
        #expect(rule.name == "rule: edd")
        #expect(rule.results.allSatisfy { ($0.schedule?.orders.count ?? 0) == 2 })
    }

    @Test("following the sample plans, the MES-computed KPIs still equal the simulator's ground truth", arguments: [
        "hpt-blade-cell-week", "hpt-blade-cell-overloaded", "compressor-disk-line-week",
    ])
    func samplePlans(name: String) throws {
        let scenario = name.hasPrefix("hpt") ? "hpt-blade-cell.yaml" : "compressor-disk-line.yaml"
        let loaded = try load(scenarioPath(scenario))
        let plan = try PlanLoader.load(repositoryRoot.appendingPathComponent("Plans/\(name).csv").path, plant: loaded.plant, start: loaded.start,
                                       horizonHours: loaded.scenario.horizonHours)
        for policy in PlanPolicy.allCases {
            let result = try TwinReplication.run(TwinModel(loaded, plan: plan, policy: policy), replication: 0, seed: 3)
            GroundTruthTests.expectMatchesGroundTruth(result, label: "\(name) (\(policy.rawValue))")
            let outcome = try #require(result.schedule)
            #expect(outcome.steps.allSatisfy { step in step.actualStart.map { $0 >= step.plannedStart - 1e-9 } ?? true }, "no booking starts before its plan")
            #expect(outcome.orders.filter { $0.completed != nil }.count >= outcome.orders.count * 3 / 4, "most orders complete in the four weeks")
        }
    }

    @Test("a plan variant changes only what it changes: moving one order a day later leaves the other's run untouched")
    func planVariant() throws {
        let (loaded, plan) = try hptPlan()
        let moved = ProductionPlan(orders: plan.orders.map { order in
            guard order.id == "PAST-DUE" else { return order }
            return ProductionPlan.Order(id: order.id, partNumber: order.partNumber, revision: order.revision, quantity: order.quantity, due: order.due,
                                        bookings: order.bookings.map { booking in
                                            ProductionPlan.Booking(workOrder: booking.workOrder, operation: booking.operation, machine: booking.machine,
                                                                   start: booking.start.addingTimeInterval(86_400), end: booking.end.addingTimeInterval(86_400),
                                                                   location: booking.location)
                                        })
        })
        for replication in 0..<3 {
            let base = try #require(try TwinReplication.run(TwinModel(loaded, plan: plan), replication: replication, seed: 9).schedule)
            let variant = try #require(try TwinReplication.run(TwinModel(loaded, plan: moved), replication: replication, seed: 9).schedule)
            #expect(base.steps.filter { $0.workOrder == "SLACK" } == variant.steps.filter { $0.workOrder == "SLACK" })
            #expect(base.orders.first { $0.id == "SLACK" } == variant.orders.first { $0.id == "SLACK" })
            let before = try #require(base.steps.first { $0.workOrder == "PAST-DUE" && $0.operation == 10 })
            let after = try #require(variant.steps.first { $0.workOrder == "PAST-DUE" && $0.operation == 10 })
            #expect(after.actualStart.map { $0 >= before.plannedStart + 24 - 1e-9 } == true, "the moved order starts no earlier than its new plan")
        }
    }

    @Test("a plan that would deadlock behind a full buffer under wait runs to completion, the way out counted as a deviation")
    func blockedBufferDoesNotDeadlock() throws {
        let loaded = try load(scenarioPath("edge-cases/plan-blocked-buffer.yaml"))
        let plan = try PlanLoader.load(repositoryRoot.appendingPathComponent("Plans/edge-cases/blocked-buffer.csv").path, plant: loaded.plant, start: loaded.start,
                                       horizonHours: loaded.scenario.horizonHours)
        let result = try TwinReplication.run(TwinModel(loaded, plan: plan, policy: .wait), replication: 0, seed: 1)
        let outcome = try #require(result.schedule)
        #expect(result.kpis.plant.serialsCompleted == 4, "both orders are made")
        #expect(outcome.deviations >= 1)
        #expect(outcome.steps.allSatisfy { $0.actualStart != nil && $0.actualEnd != nil })
        #expect(outcome.steps.allSatisfy { step in step.actualStart.map { $0 >= step.plannedStart - 1e-9 } ?? false })
    }
}
