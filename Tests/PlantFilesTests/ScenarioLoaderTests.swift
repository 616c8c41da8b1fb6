import Foundation
import Testing

@testable import PlantFiles

@Suite("Scenario files: loading and validation")
struct ScenarioLoaderTests {
    static let scenario = """
        name: blade-cell-baseline
        plant: ../Plants/blade-cell.yaml
        horizonHours: 720
        warmupHours: 48
        replications: 5
        seed: 42
        demand:
          workOrders:
            - {partNumber: HPT-BLADE, quantity: 20, releaseAtHours: 0, dueAtHours: 240}
          arrivals:
            interarrivalHours: {type: exponential, mean: 36}
            mix:
              - {partNumber: HPT-BLADE, weight: 1, quantity: {type: uniform, min: 5, max: 25}, dueAfterHours: 240}
        dispatching: edd
        events:
          - {kind: breakdown, atHours: 100, machine: GRIND-1, repairMinutes: 240}
          - {kind: sensorDrift, atHours: 200, machine: GRIND-1, sensor: spindle-load, driftPerCycle: 0.2}
        variants:
          - name: second grinder
            addMachines:
              - {id: GRIND-2, workCenter: GRIND, equipmentClass: grinder}
          - name: better MTBF
            changeMachines:
              - id: GRIND-1
                failures: {basis: operatingTime, between: {type: exponential, mean: 4800}, timeToRepair: 90}
        """

    /// Writes the plant of PlantLoaderTests and `scenario` into a fresh folder pair.
    static func files(_ scenario: String) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jetmes-\(UUID().uuidString)")
        for folder in ["Plants", "Scenarios"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try PlantLoaderTests.plant.write(to: root.appendingPathComponent("Plants/blade-cell.yaml"), atomically: true, encoding: .utf8)
        let path = root.appendingPathComponent("Scenarios/baseline.yaml").path
        try scenario.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func error(_ scenario: String) throws -> YAMLFileError? {
        let path = try Self.files(scenario)
        do {
            _ = try ScenarioLoader.load(path)
            return nil
        } catch {
            return error
        }
    }

    @Test("a scenario loads with its plant; defaults fill what it leaves out")
    func loads() throws {
        let path = try Self.files(Self.scenario)
        #expect(ScenarioLoader.isScenario(path))
        let loaded = try ScenarioLoader.load(path)
        #expect(loaded.scenario.dispatching == .edd && loaded.scenario.variants.map(\.name) == ["second grinder", "better MTBF"])
        #expect(loaded.plant.name == "Blade cell" && loaded.start == Date(timeIntervalSince1970: 1_767_592_800))
        let minimal = try ScenarioLoader.load(try Self.files("""
            name: minimal
            plant: ../Plants/blade-cell.yaml
            horizonHours: 100
            seed: 1
            demand:
              workOrders: [{partNumber: HPT-BLADE, quantity: 1, releaseAtHours: 0, dueAtHours: 50}]
            """))
        #expect(minimal.scenario.replications == 10 && minimal.scenario.warmupHours == 0 && minimal.scenario.dispatching == .fifo)
    }

    @Test("each kind of mistake is located in the scenario file", arguments: [
        ("partNumber: HPT-BLADE, quantity: 20", "partNumber: HPT-BLAD, quantity: 20", "demand.workOrders.[0].partNumber: the plant has no part HPT-BLAD"),
        ("machine: GRIND-1, repairMinutes: 240", "machine: GRIND-9, repairMinutes: 240", "events.[0].machine: the plant has no machine 'GRIND-9'"),
        ("sensor: spindle-load", "sensor: coolant-temp", "events.[1].sensor: machine 'GRIND-1' has no sensor 'coolant-temp'"),
        ("warmupHours: 48", "warmupHours: 800", "warmupHours: must lie in [0, horizonHours), got 800.0"),
        ("dispatching: edd", "dispatching: lifo", "dispatching: "),
        ("- id: GRIND-1\n", "- id: GRIND-7\n", "variants.[1].changeMachines.[0].id: the plant has no machine 'GRIND-7'"),
        ("plant: ../Plants/blade-cell.yaml", "plant: ../Plants/nope.yaml", "plant: no plant file at"),
    ])
    func mistakes(_ mistake: (String, String, String)) throws {
        #expect(Self.scenario.contains(mistake.0))
        let e = try error(Self.scenario.replacingOccurrences(of: mistake.0, with: mistake.1))
        #expect(e?.message.hasPrefix(mistake.2) == true, "\(String(describing: e))")
        #expect(e?.file.hasSuffix("Scenarios/baseline.yaml") == true && (e?.line ?? 0) > 1)
    }
}
