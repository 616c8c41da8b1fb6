import Foundation
import Hummingbird
import MESCore
import MESStore

/// §4.3 materials and §4.5 resources: translations into the core's commands and queries.
struct MaterialAndResourceRoutes {
    let service: MESService

    struct ConsumptionRequest: Codable {
        let lotCode: String
        let serial: String
        let quantity: Double
        let operationNumber: Int?
    }

    struct AllocationRequest: Codable {
        let lotCode: String
        let workOrderId: String
        let quantity: Double
    }

    struct MaintenanceRequest: Codable {
        let assetId: String
        let kind: MaintenanceOrder.Kind
        let description: String
    }

    struct EquipmentStatus: Codable, ResponseEncodable {
        let id: String
        let state: String
        /// Why it may not start work now, if anything stops it.
        let lockout: String?
        let runningOperation: String?
        let preventiveMaintenanceDue: Date?
        let calibrationDue: Date?
    }

    func register(on api: RouterGroup<MESRequestContext>) {
        api.get("inventory") { _, context -> [InventoryLevel] in
            let actor = try context.requireActor()
            return try await service.read { engine throws(MESError) in try engine.inventory(by: actor) }
        }
        api.post("consumption") { request, context -> EditedResponse<Consumption> in
            let actor = try context.requireActor()
            let body = try await decode(ConsumptionRequest.self, request, context)
            let events = try await service.execute(.consumeMaterial(lotCode: body.lotCode, serial: body.serial, quantity: body.quantity,
                                                                    operationNumber: body.operationNumber), by: actor)
            return EditedResponse(status: .created, response: try recorded("consumption", in: events) { if case .materialConsumed(_, let c) = $0 { c } else { nil } })
        }
        api.post("allocations") { request, context -> EditedResponse<Allocation> in
            let actor = try context.requireActor()
            let body = try await decode(AllocationRequest.self, request, context)
            let events = try await service.execute(.allocateMaterial(lotCode: body.lotCode, workOrderId: body.workOrderId, quantity: body.quantity), by: actor)
            return EditedResponse(status: .created, response: try recorded("allocation", in: events) { if case .materialAllocated(let a) = $0 { a } else { nil } })
        }
        api.get("certifications/:lotCode") { _, context -> [MaterialCertificate] in
            let actor = try context.requireActor()
            let lot = try context.parameters.require("lotCode")
            return try await service.read { engine throws(MESError) in try engine.certifications(of: lot, by: actor) }
        }
        api.get("equipment") { _, context -> [Equipment] in
            let actor = try context.requireActor()
            try authorize(actor, .read, .equipment)
            return await service.state.equipment.values.sorted { $0.id < $1.id }
        }
        api.get("equipment/:id/status") { _, context -> EquipmentStatus in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            let machine = try await service.read { engine throws(MESError) in try engine.equipment(id, by: actor) }
            let state = await service.state
            return EquipmentStatus(id: machine.id, state: machine.state.rawValue, lockout: machine.lockout(at: Date()), runningOperation: state.equipmentInUse[id],
                                   preventiveMaintenanceDue: machine.preventiveMaintenanceDue, calibrationDue: machine.calibrationDue)
        }
        api.post("maintenance") { request, context -> EditedResponse<MaintenanceOrder> in
            let actor = try context.requireActor()
            let body = try await decode(MaintenanceRequest.self, request, context)
            let events = try await service.execute(.scheduleMaintenance(assetId: body.assetId, kind: body.kind, description: body.description), by: actor)
            return EditedResponse(status: .created, response: try recorded("maintenance order", in: events) { if case .maintenanceScheduled(let o) = $0 { o } else { nil } })
        }
        api.get("operators") { _, context -> [Operator] in
            let actor = try context.requireActor()
            try authorize(actor, .read, .equipment)
            return await service.state.operators.values.sorted { $0.id < $1.id }
        }
        api.post("operators/:id/certify") { request, context -> EditedResponse<Certification> in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            let certification = try await decode(Certification.self, request, context)
            try await service.execute(.certifyOperator(operatorId: id, certification: certification), by: actor)
            return EditedResponse(status: .created, response: certification)
        }
    }
}

extension InventoryLevel: ResponseEncodable {}
extension Consumption: ResponseEncodable {}
extension Allocation: ResponseEncodable {}
extension MaterialCertificate: ResponseEncodable {}
extension Equipment: ResponseEncodable {}
extension MaintenanceOrder: ResponseEncodable {}
extension Operator: ResponseEncodable {}
extension Certification: ResponseEncodable {}
