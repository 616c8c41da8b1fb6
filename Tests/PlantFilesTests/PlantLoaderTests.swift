import Foundation
import MESCore
import Stochastics
import Testing

@testable import PlantFiles

@Suite("Plant files: loading and validation")
struct PlantLoaderTests {
    static let plant = """
        name: Blade cell
        workCenters:
          - {id: GRIND, description: creep-feed root grinding}
          - {id: CMM}
        machines:
          - id: GRIND-1
            workCenter: GRIND
            equipmentClass: grinder
            bufferCapacity: 4
            failures:
              basis: operatingTime
              between: {type: exponential, mean: 2400}
              timeToRepair: {type: lognormal, mean: 90, sd: 40}
            preventiveMaintenance: {intervalHours: 160, duration: 120}
            sensors:
              - tag: spindle-load
                unit: "%"
                nominal: 60
                noise: {type: normal, mean: 0, sd: 2}
                driftPerCycle: 0.05
                resetAfterCycles: 200
                influences: [{characteristic: ROOT-W, gain: 0.001}]
          - {id: CMM-1, workCenter: CMM, equipmentClass: cmm, calibrationIntervalDays: 365}
        materials:
          - {id: CMSX-4, description: single-crystal cast blank, unit: ea}
        lots:
          - {lotCode: L-1, material: CMSX-4, heatNumber: H-1, supplier: PCC, quantity: 500, unit: ea}
        parts:
          - partNumber: HPT-BLADE
            revision: A
            description: HPT stage 1 blade
            family: hpt-blades
            billOfMaterials: [{item: CMSX-4, quantityPerUnit: 1, unit: ea}]
            routing:
              - {operation: 10, description: grind root, workCenter: GRIND, cycleTime: {type: triangular, min: 12, mode: 14, max: 20}, certification: GRIND}
              - {operation: 20, description: CMM, workCenter: CMM, cycleTime: 18}
        inspectionPlans:
          - id: IP-20
            partNumber: HPT-BLADE
            revision: A
            operation: 20
            sampling: every
            characteristics:
              - {id: ROOT-W, balloon: 1, description: root width, nominal: 10, lowerLimit: 9.98, upperLimit: 10.02, unit: mm, method: CMM}
        operators:
          - {id: op-1, name: Ana, certifications: [GRIND], shift: day}
        shifts:
          - {name: day, start: "06:00", hours: 8, days: [Mon, Tue, Wed, Thu, Fri], breaks: [{start: "10:00", minutes: 30}]}
        """

    func error(_ text: String) -> YAMLFileError? {
        do {
            _ = try PlantLoader.load(text, file: "Plants/blade-cell.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test("a plant file loads, and its master data loads into the MES core")
    func loads() throws {
        let plant = try PlantLoader.load(Self.plant, file: "Plants/blade-cell.yaml")
        #expect(plant.machines.map(\.id) == ["GRIND-1", "CMM-1"] && plant.machines[0].failures?.basis == .operatingTime)
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let data = PlantLoader.masterData(of: plant, start: start)
        #expect(data.parts[0].routing[0].runMinutes == (12 + 14 + 20) / 3.0 && data.parts[0].routing[1].inspectionPlan == "IP-20")
        #expect(data.equipment[0].preventiveMaintenanceIntervalDays == 160.0 / 24 && data.parts[0].billOfMaterials[0].kind == .material)
        var state = MESState()
        let admin = Actor(id: "admin", name: "Admin", roles: [.systemAdministrator])
        for event in try MESCore.decide(.loadMasterData(data), by: admin, at: start, in: state) { state.apply(event) }
        #expect(state.equipment.count == 2 && state.lots["L-1"]?.quantity == 500)
        #expect(PlantLoader.inspectionPlans(of: plant).first?.sampling == .every)
    }

    @Test("each kind of mistake is reported with file:line:column", arguments: [
        ("workCenter: CMM, cycleTime: 18", "workCenter: CMN, cycleTime: 18",
         "Plants/blade-cell.yaml:36:55: parts.[0].routing.[1].workCenter: no work centre 'CMN' is defined"),
        ("timeToRepair: {type: lognormal, mean: 90, sd: 40}", "timeToRepair: {type: lognormal, mean: -90, sd: 40}",
         "Plants/blade-cell.yaml:13:21: machines.[0].failures.timeToRepair: lognormal: mean must be greater than 0, got -90.0"),
        ("{id: CMM-1, workCenter: CMM", "{id: GRIND-1, workCenter: CMM", "Plants/blade-cell.yaml:23:5: machines.[1]: 'GRIND-1' is defined twice"),
        ("quantity: 500, unit: ea}", "quantity: 500, unit: kg}", "Plants/blade-cell.yaml:27:91: lots.[0].unit: CMSX-4 is measured in ea, not kg"),
        ("bufferCapacity: 4", "bufferCapcity: 4", "Plants/blade-cell.yaml:9:5: unknown key 'bufferCapcity'; expected one of: equipmentClass, failures, id, preventiveMaintenance, sensors, workCenter"),
        ("influences: [{characteristic: ROOT-W", "influences: [{characteristic: ROOT-X",
         "Plants/blade-cell.yaml:22:39: machines.[0].sensors.[0].influences.[0].characteristic: no inspection plan has a characteristic 'ROOT-X'"),
        ("start: \"06:00\"", "start: \"6 am\"", "Plants/blade-cell.yaml:48:24: shifts.[0].start: expected a time HH:MM, got '6 am'"),
        ("lowerLimit: 9.98", "lowerLimit: 10.5", "Plants/blade-cell.yaml:38:5: inspectionPlans.[0]: characteristics[ROOT-W]: lower limit 10.5 must lie below upper limit 10.02"),
    ])
    func mistakes(_ mistake: (String, String, String)) {
        #expect(Self.plant.contains(mistake.0))
        let e = error(Self.plant.replacingOccurrences(of: mistake.0, with: mistake.1))
        #expect(e?.description == mistake.2)
    }
}

@Suite("Plant and scenario files: parameters that make no physical sense")
struct PhysicalSenseTests {
    func plantError(_ from: String, _ to: String) -> YAMLFileError? {
        #expect(PlantLoaderTests.plant.contains(from))
        do {
            _ = try PlantLoader.load(PlantLoaderTests.plant.replacingOccurrences(of: from, with: to), file: "P.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test("negative or possibly negative durations, zero time between failures, infinities, duplicate keys", arguments: [
        ("timeToRepair: {type: lognormal, mean: 90, sd: 40}", "timeToRepair: -90", "P.yaml:13:21: machines.[0].failures.timeToRepair: a constant here can take negative values"),
        ("cycleTime: {type: triangular, min: 12, mode: 14, max: 20}", "cycleTime: {type: normal, mean: 14, sd: 5}",
         "P.yaml:35:80: parts.[0].routing.[0].cycleTime: a normal here can take negative values"),
        ("between: {type: exponential, mean: 2400}", "between: 0", "P.yaml:12:16: machines.[0].failures.between: must have a positive mean"),
        ("intervalHours: 160", "intervalHours: .inf", "P.yaml:14:44: '.inf' is not a finite number"),
        ("bufferCapacity: 4", "bufferCapacity: 4\n    bufferCapacity: 5", "P.yaml:9:5: duplicate key 'bufferCapacity' in this mapping"),
    ])
    func nonsense(_ case_: (String, String, String)) {
        let e = plantError(case_.0, case_.1)
        #expect(e?.description.hasPrefix(case_.2) == true, "\(String(describing: e))")
    }

    @Test("scenario variants, events and the plant path are checked like the plant itself")
    func scenarioChecks() throws {
        func scenarioError(_ from: String, _ to: String) throws -> YAMLFileError? {
            #expect(ScenarioLoaderTests.scenario.contains(from))
            let path = try ScenarioLoaderTests.files(ScenarioLoaderTests.scenario.replacingOccurrences(of: from, with: to))
            do {
                _ = try ScenarioLoader.load(path)
                return nil
            } catch {
                return error
            }
        }
        #expect(try scenarioError("{id: GRIND-2, workCenter: GRIND", "{id: GRIND-2, workCenter: NOPE")?.message
            == "variants.[0].addMachines.[0].workCenter: no work centre 'NOPE' is defined")
        #expect(try scenarioError("repairMinutes: 240}", "repairMinutes: 240, lot: L-1}")?.message == "events.[0].lot: a breakdown event takes no 'lot'")
        #expect(try scenarioError("plant: ../Plants/blade-cell.yaml", "plant: ../Plants")?.message.hasPrefix("plant: no plant file at") == true)
        #expect(try scenarioError("interarrivalHours: {type: exponential, mean: 36}", "interarrivalHours: 0")?.message
            == "demand.arrivals.interarrivalHours: must have a positive mean, got 0.0")
        #expect(try scenarioError("horizonHours: 720", "horizonHours: .inf")?.message.hasPrefix("'.inf' is not a finite number") == true)
    }
}
