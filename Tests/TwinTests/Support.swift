import Foundation
import PlantFiles
import Testing
import Twin

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func scenarioPath(_ relative: String) -> String { repositoryRoot.appendingPathComponent("Scenarios").appendingPathComponent(relative).path }

/// Every scenario file shipped in `Scenarios/`.
func shippedScenarios() -> [String] {
    let root = repositoryRoot.appendingPathComponent("Scenarios")
    let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
    return files.filter { $0.pathExtension == "yaml" }.map(\.path).sorted()
}

func load(_ path: String) throws -> ScenarioLoader.Loaded {
    do { return try ScenarioLoader.load(path) } catch { throw TwinError("\(error)") }
}
