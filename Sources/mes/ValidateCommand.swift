import ArgumentParser
import Foundation
import PlantFiles

/// Checks a plant file without running anything; any problem is printed as file:line:column
/// and the exit status is non-zero.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a plant or scenario file (and the plant it names) without running it.")

    @Argument(help: "The plant or scenario file (YAML).") var file: String

    func run() throws {
        do {
            if ScenarioLoader.isScenario(file) {
                let loaded = try ScenarioLoader.load(file)
                let scenario = loaded.scenario
                print("\(file): scenario '\(scenario.name)' is valid: plant '\(loaded.plant.name)', \(scenario.horizonHours) h "
                    + "(warm-up \(scenario.warmupHours) h), \(scenario.replications) replications, seed \(scenario.seed), "
                    + "\(scenario.demand.workOrders?.count ?? 0) work orders, \(scenario.events.count) events, \(scenario.variants.count) variants")
                return
            }
            let plant = try PlantLoader.load(file)
            print("\(file): plant '\(plant.name)' is valid: \(plant.workCenters.count) work centres, \(plant.machines.count) machines, "
                + "\(plant.parts.count) parts, \(plant.inspectionPlans.count) inspection plans, \(plant.operators.count) operators")
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
