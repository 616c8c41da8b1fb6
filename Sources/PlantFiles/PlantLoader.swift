import Foundation
import MESCore
import Stochastics

/// Loads a plant file: strict YAML, the plant's own cross-checks, then the MES core's rules for
/// the master data it defines, so a plant that loads here also loads into the MES.
public enum PlantLoader {
    public static func load(_ path: String) throws(YAMLFileError) -> PlantDescription {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw YAMLFileError(file: path, line: 0, column: 0, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try load(text, file: path)
    }

    public static func load(_ text: String, file: String) throws(YAMLFileError) -> PlantDescription {
        let document = try StrictYAML.document(PlantDescription.self, from: text, file: file)
        if let problem = PlantValidation.problems(in: document.value).first { throw document.error(at: problem.path, problem.message) }
        // The core has the last word on master data and inspection plans: load them into a
        // scratch state and report its refusal at the plan or the file.
        let probe = Actor(id: "plant-loader", name: "Plant loader", roles: [.systemAdministrator])
        let epoch = Date(timeIntervalSince1970: 0)
        var state = MESState()
        do {
            for event in try MESCore.decide(.loadMasterData(masterData(of: document.value, start: epoch)), by: probe, at: epoch, in: state) { state.apply(event) }
        } catch {
            throw YAMLFileError(file: file, line: 1, column: 1, message: "master data: \(error.description)")
        }
        for (index, plan) in inspectionPlans(of: document.value).enumerated() {
            do {
                for event in try MESCore.decide(.defineInspectionPlan(plan), by: probe, at: epoch, in: state) { state.apply(event) }
            } catch {
                throw document.error(at: [.key("inspectionPlans"), .index(index)], error.description)
            }
        }
        return document.value
    }

    /// The MES master data the plant defines, with dates counted from `start`.
    public static func masterData(of plant: PlantDescription, start: Date) -> MasterData {
        func days(_ count: Double) -> Date { start.addingTimeInterval(count * 86_400) }
        let equipmentClassByCenter = Dictionary(plant.machines.map { ($0.workCenter, $0.equipmentClass) }, uniquingKeysWith: { first, _ in first })
        return MasterData(
            parts: plant.parts.map { part in
                Part(partNumber: part.partNumber, revision: part.revision, description: part.description, family: part.family,
                     billOfMaterials: part.billOfMaterials ?? [],
                     routing: part.routing.map { op in
                         RoutingOperation(number: op.operation, description: op.description, workCenter: op.workCenter,
                                          equipmentClass: equipmentClassByCenter[op.workCenter] ?? op.workCenter, setupMinutes: op.setupMinutes ?? 0,
                                          runMinutes: op.cycleTime.mean, requiredCertification: op.certification,
                                          inspectionPlan: plant.inspectionPlans.first { $0.partNumber == part.partNumber && $0.revision == part.revision && $0.operation == op.operation }?.id,
                                          alternateWorkCenters: op.alternateWorkCenters ?? [])
                     })
            },
            materials: plant.materials,
            lots: plant.lots.map { MaterialLot(lotCode: $0.lotCode, material: $0.material, heatNumber: $0.heatNumber, supplier: $0.supplier, quantity: $0.quantity, unit: $0.unit) },
            equipment: plant.machines.map { machine in
                Equipment(id: machine.id, equipmentClass: machine.equipmentClass, workCenter: machine.workCenter,
                          calibrationDue: machine.calibrationIntervalDays.map(days), calibrationIntervalDays: machine.calibrationIntervalDays,
                          preventiveMaintenanceIntervalDays: machine.preventiveMaintenance.map { $0.intervalHours / 24 },
                          lastPreventiveMaintenance: machine.preventiveMaintenance.map { _ in start })
            },
            tools: plant.tools.map { tool in
                ToolGauge(id: tool.id, kind: tool.kind, description: tool.description, calibrationDue: tool.calibrationDueInDays.map(days),
                          calibrationIntervalDays: tool.calibrationIntervalDays)
            },
            operators: plant.operators.map { person in
                Operator(id: person.id, name: person.name, roles: [.operator],
                         certifications: person.certifications.map { Certification(skill: $0, issued: start, expires: days(3_650)) })
            })
    }

    /// The inspection plans as the MES holds them.
    public static func inspectionPlans(of plant: PlantDescription) -> [InspectionPlan] {
        plant.inspectionPlans.map {
            InspectionPlan(id: $0.id, partNumber: $0.partNumber, revision: $0.revision, operationNumber: $0.operation, characteristics: $0.characteristics,
                           sampling: $0.sampling.flatMap(PlantValidation.samplingRule) ?? .every)
        }
    }
}
