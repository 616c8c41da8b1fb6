import ArgumentParser
import Foundation
import PlantFiles

/// Checks a plant file without running anything; any problem is printed as file:line:column
/// and the exit status is non-zero.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a plant file: YAML, references between its parts, parameters, and the MES rules for its master data.")

    @Argument(help: "The plant file (YAML).") var file: String

    func run() throws {
        do {
            let plant = try PlantLoader.load(file)
            print("\(file): plant '\(plant.name)' is valid: \(plant.workCenters.count) work centres, \(plant.machines.count) machines, "
                + "\(plant.parts.count) parts, \(plant.inspectionPlans.count) inspection plans, \(plant.operators.count) operators")
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
