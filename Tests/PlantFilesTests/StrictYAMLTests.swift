import Stochastics
import Testing

@testable import PlantFiles

/// A fragment of a plant file, enough to exercise every kind of error.
struct MachineSpec: Codable, Equatable {
    struct Failures: Codable, Equatable {
        let timeToFailure: Distribution
        let timeToRepair: Distribution
    }
    let id: String
    let workCenter: String
    let cycleTime: Distribution
    let failures: Failures?
    let bufferCapacity: Int
}

struct PlantSpec: Codable, Equatable {
    let name: String
    let machines: [MachineSpec]
}

@Suite("Strict YAML: errors located as file:line:column")
struct StrictYAMLTests {
    static let valid = """
        name: HPT blade cell
        machines:
          - id: GRIND-1
            workCenter: GRIND
            cycleTime: {type: lognormal, mean: 14.5, sd: 2.1}
            failures:
              timeToFailure: {type: weibull, shape: 1.3, scale: 2400}
              timeToRepair: {type: triangular, min: 20, mode: 45, max: 180}
            bufferCapacity: 4
          - id: EDM-1
            workCenter: EDM
            cycleTime: 22
            bufferCapacity: 6
        """

    func error(_ yaml: String) -> YAMLFileError? {
        do {
            _ = try StrictYAML.decode(PlantSpec.self, from: yaml, file: "Plants/cell.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test("a valid file decodes, bare numbers as constants")
    func valid() throws {
        let plant = try StrictYAML.decode(PlantSpec.self, from: Self.valid, file: "Plants/cell.yaml")
        #expect(plant.machines.count == 2 && plant.machines[1].cycleTime == .constant(22))
        #expect(plant.machines[0].failures?.timeToRepair == .triangular(min: 20, mode: 45, max: 180))
    }

    @Test("a YAML syntax error")
    func syntax() {
        let broken = Self.valid.replacingOccurrences(of: "bufferCapacity: 6", with: "bufferCapacity: [6")
        let e = error(broken)
        #expect(e?.file == "Plants/cell.yaml" && e?.line == 14 && e?.message.hasPrefix("YAML syntax:") == true, "\(String(describing: e))")
    }

    @Test("an unknown key (a typo) names the key, its place and the keys expected")
    func unknownKey() {
        let typo = Self.valid.replacingOccurrences(of: "timeToRepair:", with: "timeToRepiar:")
        let e = error(typo)
        #expect(e?.description == "Plants/cell.yaml:8:7: unknown key 'timeToRepiar'; did you mean 'timeToRepair'?")
        let extra = Self.valid.replacingOccurrences(of: "    bufferCapacity: 6", with: "    bufferCapacity: 6\n    colour: red")
        let unknown = error(extra)
        #expect(unknown?.description == "Plants/cell.yaml:14:5: unknown key 'colour'; expected one of: bufferCapacity, cycleTime, id, workCenter")
    }

    @Test("a missing required field")
    func missing() {
        let e = error(Self.valid.replacingOccurrences(of: "    workCenter: EDM\n", with: ""))
        #expect(e?.message == "machines.[1]: missing required field 'workCenter'" && e?.line == 10, "\(String(describing: e))")
    }

    @Test("an impossible distribution parameter points at the distribution")
    func impossibleDistribution() {
        let e = error(Self.valid.replacingOccurrences(of: "mode: 45", with: "mode: 400"))
        #expect(e?.line == 8 && e?.message.contains("triangular: mode (400.0) must lie in [min, max]") == true, "\(String(describing: e))")
        let negative = error(Self.valid.replacingOccurrences(of: "sd: 2.1", with: "sd: -2.1"))
        #expect(negative?.line == 5 && negative?.message.contains("sd must be greater than 0") == true, "\(String(describing: negative))")
    }

    @Test("a value of the wrong type")
    func wrongType() {
        let e = error(Self.valid.replacingOccurrences(of: "bufferCapacity: 4", with: "bufferCapacity: four"))
        #expect(e?.line == 9 && e?.column == 21 && e?.message.hasPrefix("machines.[0].bufferCapacity: expected a whole number") == true, "\(String(describing: e))")
    }

    @Test("an empty or unreadable file")
    func empty() {
        #expect(error("")?.message == "the file is empty")
        #expect(throws: YAMLFileError.self) { try StrictYAML.decode(PlantSpec.self, contentsOf: "/nonexistent/plant.yaml") }
    }
}
