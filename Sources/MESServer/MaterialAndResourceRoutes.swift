import Equipment
import Foundation
import Hummingbird
import MESCore
import MESStore

/// §4.3 materials and §4.5 resources: translations into the core's commands and queries
/// (maintenance orders: MaintenanceRoutes).
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

    struct EquipmentStatus: Codable, ResponseEncodable {
        let id: String
        let state: String
        /// Why it may not start work now, if anything stops it.
        let lockout: String?
        let runningOperation: String?
        let preventiveMaintenanceDue: Date?
        let calibrationDue: Date?
        /// What the machine itself reports through its driver (OPC UA), when it does.
        let machine: MachineReport?
    }

    /// The live picture of a connected machine: parts it counted since the server started,
    /// its latest process values with their quality, and its active alarms.
    struct MachineReport: Codable {
        let partsGood: Int
        let partsBad: Int
        let processValues: [ProcessValue]
        let alarms: [Alarm]
    }

    /// §4.3's receipt of a lot from a supplier, with its mill certificates.
    struct ReceiveLotRequest: Codable {
        let lotCode: String
        let material: String
        let heatNumber: String
        let supplier: String
        let quantity: Double
        let unit: String
        let certificates: [MaterialCertificate]?
    }

    static let inventory = ListDefinition<InventoryLevel>(sortFields: [
        "material": { .text($0.material) }, "available": { .number($0.available) },
    ], id: \.material)

    static let equipment = ListDefinition<Equipment>(sortFields: [
        "id": { .text($0.id) }, "workCenter": { .text($0.workCenter) }, "state": { .text($0.state.rawValue) },
    ], id: \.id)

    static let operators = ListDefinition<Operator>(sortFields: ["id": { .text($0.id) }, "name": { .text($0.name) }], id: \.id)

    func register(on api: RouterGroup<MESRequestContext>) {
        api.get("inventory") { request, context -> Response in
            let actor = try context.requireActor()
            let query = try ListQuery(request, Self.inventory)
            let material = request.uri.queryParameters.get("material")
            let levels = try await service.read { engine throws(MESError) in try engine.inventory(by: actor) }
            return try query.response(levels.filter { material == nil || $0.material == material }, Self.inventory, request: request, context: context)
        }
        api.post("lots") { request, context -> EditedResponse<MaterialLot> in
            let actor = try context.requireActor()
            let body = try await decode(ReceiveLotRequest.self, request, context)
            let lot = MaterialLot(lotCode: body.lotCode, material: body.material, heatNumber: body.heatNumber, supplier: body.supplier, quantity: body.quantity,
                                  unit: body.unit, certificates: body.certificates ?? [])
            try await service.execute(.receiveLot(lot), by: actor)
            guard let stored = await service.state.lots[lot.lotCode] else { throw APIError(.internalServerError, "the lot was not recorded") }
            return EditedResponse(status: .created, headers: [.location: "/api/v1/certifications/\(lot.lotCode)"], response: stored)
        }
        api.delete("lots/:lotCode") { _, context -> Response in
            let actor = try context.requireActor()
            try await service.execute(.deleteLot(lotCode: try context.parameters.require("lotCode")), by: actor)
            return Response(status: .noContent)
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
        api.get("equipment") { request, context -> Response in
            let actor = try context.requireActor()
            try authorize(actor, .read, .equipment)
            let query = try ListQuery(request, Self.equipment)
            let workCenter = request.uri.queryParameters.get("workCenter"), state = request.uri.queryParameters.get("state")
            let chosen = await service.state.equipment.values.filter {
                (workCenter == nil || $0.workCenter == workCenter) && (state == nil || $0.state.rawValue == state)
            }
            return try query.response(Array(chosen), Self.equipment, request: request, context: context)
        }
        api.delete("equipment/:id") { _, context -> Response in
            let actor = try context.requireActor()
            try await service.execute(.deleteEquipment(equipmentId: try context.parameters.require("id")), by: actor)
            return Response(status: .noContent)
        }
        api.get("equipment/:id/status") { _, context -> EquipmentStatus in
            let actor = try context.requireActor()
            let id = try context.parameters.require("id")
            let machine = try await service.read { engine throws(MESError) in try engine.equipment(id, by: actor) }
            let state = await service.state
            let now = await service.now
            let picture = await service.equipmentPicture
            let values = picture.values.values.filter { $0.equipmentId == id }.sorted { $0.tag < $1.tag }
            let alarms = picture.alarms.values.filter { $0.equipmentId == id }.sorted { $0.code < $1.code }
            let counter = picture.counters[id]
            let report = counter == nil && values.isEmpty && alarms.isEmpty
                ? nil : MachineReport(partsGood: counter?.good ?? 0, partsBad: counter?.bad ?? 0, processValues: values, alarms: alarms)
            return EquipmentStatus(id: machine.id, state: machine.state.rawValue, lockout: machine.lockout(at: now), runningOperation: state.equipmentInUse[id],
                                   preventiveMaintenanceDue: machine.preventiveMaintenanceDue, calibrationDue: machine.calibrationDue, machine: report)
        }
        api.get("operators") { request, context -> Response in
            let actor = try context.requireActor()
            try authorize(actor, .read, .equipment)
            let query = try ListQuery(request, Self.operators)
            let skill = request.uri.queryParameters.get("skill")
            let chosen = await service.state.operators.values.filter { skill == nil || $0.certifications.contains { $0.skill == skill } }
            return try query.response(Array(chosen), Self.operators, request: request, context: context)
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
extension MaterialLot: ResponseEncodable {}
extension Consumption: ResponseEncodable {}
extension Allocation: ResponseEncodable {}
extension MaterialCertificate: ResponseEncodable {}
extension Equipment: ResponseEncodable {}
extension Operator: ResponseEncodable {}
extension Certification: ResponseEncodable {}
