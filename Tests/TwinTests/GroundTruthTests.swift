import Foundation
import MESReports
import Testing
@testable import Twin

/// KPIs computed from the MES record must equal the simulator's own tallies: the MES learned
/// every state change, count and completion through driver events and operator commands, so
/// any loss or mistiming on that path shows here.
@Suite("MES-computed KPIs equal the simulator's ground truth")
struct GroundTruthTests {
    static let tolerance = 1e-6  // hours; Date arithmetic rounds at about 1e-7 s

    @Test("every shipped scenario and variant, replication 1", arguments: shippedScenarios())
    func kpisMatchGroundTruth(path: String) throws {
        let loaded = try load(path)
        let models = [TwinModel(loaded)] + loaded.scenario.variants.map { TwinModel(loaded, variant: $0) }
        for model in models {
            let result = try TwinReplication.run(model, replication: 0, seed: loaded.scenario.seed)
            Self.expectMatchesGroundTruth(result, label: "\(loaded.scenario.name)\(model.variant.map { "/\($0)" } ?? "")")
        }
    }

    /// Every phase's hours, planned busy time, ideal time, counts and ratios from the MES
    /// record equal the simulator's own, and the states cover the window.
    static func expectMatchesGroundTruth(_ result: ReplicationResult, label: String) {
        #expect(result.kpis.machines.map(\.id) == result.groundTruth.map(\.id), "\(label): machines")
        var executed = 0.0
        for (mes, truth) in zip(result.kpis.machines, result.groundTruth) {
            let pairs: [(String, Double, Double)] = [
                ("production (Execute)", mes.productionHours, truth.hours(.execute)),
                ("setup", mes.setupHours, truth.hours(.setup)),
                ("idle", mes.idleHours, truth.hours(.idle)),
                ("blocked (Suspended)", mes.suspendedHours, truth.hours(.blocked)),
                ("down", mes.downHours, truth.hours(.down)),
                ("planned maintenance", mes.plannedDowntimeHours, truth.hours(.plannedMaintenance)),
                ("stopped", mes.stoppedHours, truth.hours(.stopped)),
                ("planned busy time", mes.plannedBusyHours, truth.plannedBusyHours),
                ("ideal time", mes.idealHours, truth.idealHours),
            ]
            for (name, fromMES, fromTruth) in pairs {
                #expect(abs(fromMES - fromTruth) <= tolerance, "\(label) \(mes.id) \(name): MES \(fromMES) h, simulator \(fromTruth) h")
            }
            #expect(mes.produced == truth.produced, "\(label) \(mes.id): produced")
            #expect(mes.good == truth.good, "\(label) \(mes.id): good")
            #expect(mes.failures == truth.failures, "\(label) \(mes.id): failures")
            if let a = mes.availability, let b = truth.availability { #expect(abs(a - b) <= 1e-9, "\(label) \(mes.id): availability") }
            if let a = mes.performance, let b = truth.performance { #expect(abs(a - b) <= 1e-9, "\(label) \(mes.id): performance") }
            let total = mes.plannedOperationHours + mes.stoppedHours
            #expect(abs(total - result.kpis.windowHours) <= tolerance, "\(label) \(mes.id): the states cover the window")
            executed += mes.productionHours
        }
        #expect(result.kpis.plant.serialsCompleted == result.serialsCompletedInWindow, "\(label): throughput")
        #expect(executed > 0 && result.kpis.plant.serialsCompleted > 0, "\(label): the scenario produces something")
    }
}
